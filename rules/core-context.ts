// core-context: Core-only operations stay inside the synchronous extent of
// probe/unbind, on the device that callback was given; the Core view is
// never stored, deferred, used after an await, or used from drop.
import {
  type AnalysisView,
  type Reporter as RuleReporter,
  type FunctionNode,
  type ScopedValue,
  type TS,
  constInitializer,
  contextRank,
  createRule,
  isFunctionNode,
  originOf,
  paramAt,
  possibleSignatures,
  skipOuter,
  symbolAt,
  text,
  coreIn,
  isLocalTo,
  reachableFrom,
  unseenHandoff,
  callsBeforeReturning,
  clearedBeforeItRuns,
} from '@drvlint/core';

const messages = {
  stored: '{{value}} is stored in {{target}}, but a Core view is only valid until its callback returns; store `{{ref}}` instead.',
  storedByHelper:
    '{{value}} is passed to `{{helper}}`, which keeps it in {{target}} ({{location}}), but a Core view is only valid until its callback returns; pass `{{ref}}` instead.',
  field: 'Field `{{name}}` holds a Core device view, which is only valid during probe/unbind; hold an ARef (`pdev.ref()`) instead.',
  deferred: '{{value}} is handed to {{sink}}, which runs after the callback returns; the Core view is no longer valid then.',
  mayDefer:
    '{{value}} is handed to `{{callee}}`, which drvlint cannot see call it before returning: it may run after the callback returns, when the Core view is no longer valid.',
  afterAwait: 'The Core view `{{value}}` is used after `await`; the callback may have returned by then.',
  inDispose: 'The Core view `{{value}}` is used from `[Symbol.dispose]`, and drop has no Core device; do this in unbind.',
  storedView:
    'Core-only `{{member}}()` is called on `{{receiver}}`, a stored view; Core operations belong in probe/unbind, on the device the callback was given.',
  forgedView:
    'Core-only `{{member}}()` is called on `{{receiver}}`, a Core view made by the cast `{{cast}}`, not the device a probe/unbind callback was given; Core operations belong in probe/unbind, on that device.',
};
type MessageId = keyof typeof messages;

export default createRule({
  meta: {
    id: 'core-context',
    type: 'problem',
    description:
      'The Core device view (probe/unbind, device lock held) is used only inside the synchronous extent of its callback: never stored, deferred, used after an await, or used from drop.',
    messages,
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
  },
  check({ analysis, index, report }) {
    const { ts, values, world, summaries } = analysis;
    const refOf = (e: TS.Node): string => suggestedRef(analysis, e as TS.Expression);

    // Fields whose declared type holds a Core view.
    const coreFields = new Set<TS.Node>();
    for (const f of index.fields) {
      const s = values.scopeOfNode(f.name);
      if (s && coreIn(s)) {
        coreFields.add(f);
        report({ node: f.name, messageId: 'field', data: { name: f.name.getText() } });
      }
    }

    const stored = (
      w: { target: TS.Expression; at: TS.Node; fn: FunctionNode | undefined },
      value: TS.Expression,
      v: ScopedValue,
      into: boolean,
    ): void => {
      const target = world.targetOf(w.target, 0, into);
      if (!target && w.fn && isLocalTo(analysis, w.target, w.fn)) return;
      if (!target && declaredIn(analysis, w.target, coreFields)) return; // the field itself is reported
      const where = target?.description ?? `\`${text(skipOuter(ts, w.target))}\``;
      if (v.capture && coreIn(v.capture.scope)) {
        report({ node: w.at, messageId: 'deferred', data: { value: v.description, sink: where } });
      } else if (!v.capture && coreIn(v.scope)) {
        report({ node: w.at, messageId: 'stored', data: { value: v.description, target: where, ref: refOf(value) } });
      }
    };
    // A destructuring assignment is judged name by name, below.
    const patterned = new Set<TS.Node>(index.patternWrites.map((w) => w.at));
    for (const w of index.writes) {
      if (patterned.has(w.at)) continue;
      const v = values.scoped(w.value);
      if (v) stored(w, w.value, v, w.how !== 'assign');
    }
    for (const w of index.patternWrites) {
      const v = values.written(w);
      if (v) stored(w, w.value ?? w.at.right, v, false);
    }

    // What probe returns is the private data: a Core view in it is stored.
    for (const r of index.returns) {
      const fn = analysis.functionAround(r);
      if (!r.expression || !fn || analysis.drivers.callbacks.get(fn)?.role !== 'probe') continue;
      const v = values.scoped(r.expression);
      if (v && !v.capture && coreIn(v.scope)) {
        report({
          node: r.expression,
          messageId: 'stored',
          data: { value: v.description, target: "the driver's private data", ref: refOf(r.expression) },
        });
      } else if (v?.capture && coreIn(v.capture.scope)) {
        // A closure (or an object, instance or generator) over the view, kept in the private data: it runs later.
        report({
          node: r.expression,
          messageId: 'stored',
          data: { value: v.description, target: "the driver's private data", ref: refOf(v.capture.node) },
        });
      }
    }

    for (const d of index.deferrals) {
      if (d.how === 'timer' && clearedBeforeItRuns(analysis, d.at)) continue;
      const v = values.scoped(d.value);
      if (v?.capture && coreIn(v.capture.scope))
        report({ node: d.at, messageId: 'deferred', data: { value: v.description, sink: `\`${d.sink}\`` } });
      // The view itself handed on: an extra argument of a timer (`setTimeout(f, 0, pdev)`).
      else if (v && !v.capture && coreIn(v.scope) && d.how === 'timer')
        report({ node: d.at, messageId: 'deferred', data: { value: v.description, sink: `\`${d.sink}\`` } });
      // `Promise.resolve(pdev).then(f)`: f receives the view after the callback returned.
      else if (d.how === 'then') {
        const call = d.value.parent;
        const callee = call && ts.isCallExpression(call) ? skipOuter(ts, call.expression) : undefined;
        const held = callee && ts.isPropertyAccessExpression(callee) ? values.scoped(callee.expression) : undefined;
        if (held && !held.capture && coreIn(held.scope))
          report({ node: d.at, messageId: 'deferred', data: { value: held.description, sink: `\`${d.sink}\`` } });
      }
    }

    const deferred = new Set<TS.Node>(index.deferrals.map((d) => d.at));
    for (const call of index.calls) {
      const inv = analysis.invocationOf(call);
      const callee = inv?.callee;
      if (inv && callee) {
        const summary = summaries.of(callee);
        inv.args.forEach((arg, j) => {
          const i = paramAt(callee, j) ?? -1;
          const effect = summary.params[i]?.[0];
          const param = callee.parameters[i];
          if (!effect || !param) return;
          const declared = values.scopeOfNode(param.name);
          if (declared && coreIn(declared)) return; // reported inside the helper
          const v = values.scoped(arg);
          if (!v) return;
          if (v.capture && coreIn(v.capture.scope)) {
            report({
              node: arg,
              messageId: 'deferred',
              data: { value: v.description, sink: `\`${text(call.expression)}\`, which keeps it in ${effect.where} (${effect.location})` },
            });
          } else if (!v.capture && coreIn(v.scope)) {
            report({
              node: arg,
              messageId: 'storedByHelper',
              data: {
                value: v.description,
                helper: text(call.expression),
                target: effect.where,
                location: effect.location,
                ref: refOf(arg),
              },
            });
          }
        });
      } else unseenCallback(analysis, call, deferred, report);
      storedViewCall(analysis, call, report);
    }

    for (const fn of index.functions) afterAwait(analysis, fn, report);

    const disposeReach = reachableFrom(analysis, 'dispose');
    for (const fn of index.functions) if (disposeReach.has(fn)) inDispose(analysis, fn, report);
  },
});

type Reporter = RuleReporter<MessageId>;

function mayBeCallback(ts: AnalysisView['ts'], e: TS.Expression): boolean {
  const x = skipOuter(ts, e);
  if (ts.isObjectLiteralExpression(x)) return x.properties.some((p) => ts.isMethodDeclaration(p) || ts.isPropertyAssignment(p));
  return (
    isFunctionNode(ts, x) ||
    ts.isIdentifier(x) ||
    ts.isPropertyAccessExpression(x) ||
    ts.isElementAccessExpression(x) ||
    ts.isCallExpression(x)
  );
}

/**
 * A closure over a Core view handed to code drvlint cannot see: it may run
 * later, unless that code is known to call it before returning (Array
 * iteration, the Promise executor). Deferrals the file index knows by kind
 * (timers, listeners, promise continuations) are reported as such.
 */
function unseenCallback(
  analysis: AnalysisView,
  call: TS.CallExpression | TS.NewExpression,
  known: ReadonlySet<TS.Node>,
  report: Reporter,
): void {
  const { ts, values } = analysis;
  // Only what can be a function by its syntax: a function, a name, a member, a `bind` or other call, an object with methods.
  const args = (call.arguments ?? []).filter((a) => !known.has(a) && mayBeCallback(ts, a));
  if (args.length === 0) return;
  // The callee first: most calls go to the program, the kernel or a known synchronous member.
  const h = unseenHandoff(analysis, call);
  if (!h || callsBeforeReturning(h)) return;
  const closures = args.filter((a) => {
    const v = values.scoped(a);
    return v?.capture !== undefined && coreIn(v.capture.scope);
  });
  for (const a of closures) {
    const v = values.scoped(a);
    if (v) report({ node: a, messageId: 'mayDefer', data: { value: v.description, callee: h.callee } });
  }
}

/** `this.pdev.setMaster()`: a Core-only member on a view that was kept somewhere. */
function storedViewCall(analysis: AnalysisView, call: TS.CallExpression | TS.NewExpression, report: Reporter): void {
  const { ts, checker, facts } = analysis;
  if (!ts.isCallExpression(call)) return;
  const callee = skipOuter(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return;
  const needsCore = (thisParam: TS.Symbol | undefined): boolean => {
    const need = thisParam && facts.deviceContext(checker.getTypeOfSymbol(thisParam));
    return need === 'Core' || need === 'CoreInternal';
  };
  // Only a member whose `this` parameter asks for the Core view matters, and the callee's type says which may, without
  // resolving the call: a call resolves to one of its possible signatures, or to an instance of a generic one.
  if (possibleSignatures(ts, checker, call)?.every((s) => !s.thisParameter || (!s.typeParameters?.length && !needsCore(s.thisParameter))))
    return;
  if (!needsCore(checker.getResolvedSignature(call)?.thisParameter)) return;
  const receiver = skipOuter(ts, callee.expression);
  const fn = analysis.functionAround(call);
  // Forged views are views: a cast to Core is no Core device.
  const cast = forgedCast(analysis, callee.expression);
  if (cast && !isOwnDevice(analysis, cast.expression, fn)) {
    report({ node: call, messageId: 'forgedView', data: { member: callee.name.text, receiver: text(receiver), cast: text(cast) } });
    return;
  }
  if (ts.isIdentifier(receiver)) {
    const decl = checker.getSymbolAtLocation(receiver)?.valueDeclaration;
    if (
      decl &&
      (ts.isParameter(decl) || ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) &&
      fn &&
      !analysis.world.targetOf(receiver)
    )
      return;
  } else if (!ts.isPropertyAccessExpression(receiver) && !ts.isElementAccessExpression(receiver)) return;
  report({ node: call, messageId: 'storedView', data: { member: callee.name.text, receiver: text(receiver) } });
}

/**
 * The assertion that made `e` a Core view out of a wider one: on `e` itself
 * (`(raw as pci.Device<Core>)`, `x as unknown as …`) or on the `const` it
 * names.
 */
function forgedCast(analysis: AnalysisView, e: TS.Expression, depth = 0): TS.AsExpression | TS.TypeAssertion | undefined {
  const { ts, checker, facts } = analysis;
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  if (ts.isAsExpression(x) || ts.isTypeAssertionExpression(x)) {
    const to = facts.deviceContext(checker.getTypeFromTypeNode(x.type));
    if (to === 'Core' || to === 'CoreInternal') {
      const from = facts.deviceContext(checker.getTypeAtLocation(skipOuter(ts, x.expression)));
      if (from === undefined || from === 'unknown' || contextRank(from) < contextRank(to)) return x;
    }
    return depth < 8 ? forgedCast(analysis, x.expression, depth + 1) : undefined;
  }
  if (!ts.isIdentifier(x) || depth >= 8) return undefined;
  const init = constInitializer(ts, symbolAt(checker, ts, x)?.valueDeclaration);
  return init ? forgedCast(analysis, init, depth + 1) : undefined;
}

/** Whether `e` is, by origin, the device parameter of the probe/unbind that `fn` is. */
function isOwnDevice(analysis: AnalysisView, e: TS.Expression, fn: FunctionNode | undefined): boolean {
  const { ts, checker } = analysis;
  const origin = originOf(ts, checker, e);
  const decl = ts.isIdentifier(origin) ? checker.getSymbolAtLocation(origin)?.valueDeclaration : undefined;
  if (!fn || !decl || !ts.isParameter(decl) || decl.parent !== fn || fn.parameters[0] !== decl) return false;
  const role = analysis.drivers.callbacks.get(fn)?.role;
  return role === 'probe' || role === 'unbind';
}

/**
 * What to keep instead of a Core view: `x.ref()` for a name or a member read
 * (assertions stripped), else the expression with `.ref()` on each Core view
 * inside it (`[pdev.ref()]`, `c ? pdev.ref() : other`).
 */
function suggestedRef(analysis: AnalysisView, e: TS.Expression): string {
  const { ts, values } = analysis;
  const x = skipOuter(ts, e);
  if (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) return `${text(x)}.ref()`;
  const file = x.getSourceFile();
  const start = x.getStart(file);
  const at: { pos: number; end: number; name: string }[] = [];
  const visit = (n: TS.Node): void => {
    if (isFunctionNode(ts, n)) return;
    if (ts.isIdentifier(n) && !isNameOfProperty(ts, n)) {
      const s = values.scopeOfNode(n);
      if (s?.kind === 'device' && (s.context === 'Core' || s.context === 'CoreInternal'))
        at.push({ pos: n.getStart(file) - start, end: n.end - start, name: n.text });
    }
    ts.forEachChild(n, visit);
  };
  visit(x);
  if (at.length === 0) return 'an ARef of the device (`.ref()`)';
  let out = file.text.slice(start, x.end);
  for (const a of at.sort((p, q) => q.pos - p.pos)) out = `${out.slice(0, a.pos)}${a.name}.ref()${out.slice(a.end)}`;
  return out.length > 60 ? `${out.slice(0, 57)}...` : out.replace(/\s+/g, ' ');
}

/** Uses of a Core view after the first `await` of an async function. */
function afterAwait(analysis: AnalysisView, fn: FunctionNode, report: Reporter): void {
  const { ts, values } = analysis;
  if (!fn.body || !ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return;
  let firstAwait: number | undefined;
  const findAwait = (n: TS.Node): void => {
    if (firstAwait !== undefined || isFunctionNode(ts, n)) return;
    if (ts.isAwaitExpression(n)) firstAwait = n.end;
    // `for await`: the loop awaits before its first iteration, so its body already runs after an await.
    else if (ts.isForOfStatement(n) && n.awaitModifier) firstAwait = n.expression.end;
    else ts.forEachChild(n, findAwait);
  };
  ts.forEachChild(fn.body, findAwait);
  if (firstAwait === undefined) return;
  const after = firstAwait;
  const seen = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (isFunctionNode(ts, n)) return;
    if (ts.isIdentifier(n) && n.getStart() > after && !isNameOfProperty(ts, n) && !seen.has(n.text)) {
      const s = values.scopeOfNode(n);
      if (s?.kind === 'device' && (s.context === 'Core' || s.context === 'CoreInternal')) {
        seen.add(n.text);
        report({ node: n, messageId: 'afterAwait', data: { value: n.text } });
      }
    }
    // Calling, after an await, a function that captures a Core view (a closure, a bound method) uses the view then.
    if (ts.isCallExpression(n) && n.getStart() > after) {
      const callee = skipOuter(ts, n.expression);
      const v = isFunctionNode(ts, callee) || ts.isIdentifier(callee) || ts.isCallExpression(callee) ? values.scoped(callee) : undefined;
      const name = v?.capture?.name;
      if (v?.capture && coreIn(v.capture.scope) && name !== undefined && !seen.has(name)) {
        seen.add(name);
        report({ node: n, messageId: 'afterAwait', data: { value: name } });
      }
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
}

/** Core views referenced from drop or from what drop calls. */
function inDispose(analysis: AnalysisView, fn: FunctionNode, report: Reporter): void {
  const { ts, values } = analysis;
  if (!fn.body) return;
  const visit = (n: TS.Node): void => {
    if (isFunctionNode(ts, n) && n !== fn) return;
    if ((ts.isIdentifier(n) && !isNameOfProperty(ts, n)) || ts.isPropertyAccessExpression(n)) {
      const s = values.scopeOfNode(n);
      if (s?.kind === 'device' && (s.context === 'Core' || s.context === 'CoreInternal')) {
        report({ node: n, messageId: 'inDispose', data: { value: text(n) } });
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
}

function isNameOfProperty(ts: AnalysisView['ts'], n: TS.Identifier): boolean {
  const p = n.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.name === n) ||
    (ts.isPropertyAssignment(p) && p.name === n) ||
    ts.isPropertyDeclaration(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isParameter(p)
  );
}

/** `this.pdev = pdev` where the field `pdev` is itself reported. */
function declaredIn(analysis: AnalysisView, target: TS.Expression, fields: ReadonlySet<TS.Node>): boolean {
  const { ts, checker } = analysis;
  const e = skipOuter(ts, target);
  if (!ts.isPropertyAccessExpression(e)) return false;
  const decl = checker.getSymbolAtLocation(e.name)?.valueDeclaration;
  return decl !== undefined && fields.has(decl);
}
