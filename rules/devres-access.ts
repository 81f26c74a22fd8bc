// devres-access: where a bound device for the owner is in scope, use
// `devres.access(dev)` (no run-time revocation check) instead of
// `tryAccess()`; and never `access()` with a device that is not the owner.
import {
  type AnalysisView,
  type Reporter as RuleReporter,
  type FunctionNode,
  type TS,
  accessRoot,
  bindingPath,
  constInitializer,
  createRule,
  destructuredPath,
  originOf,
  mayRun,
  outermostWrapper,
  paramAt,
  skipOuter,
  text,
  within,
} from '@drvlint/core';

const messages = {
  useAccess:
    '`{{call}}` checks for revocation at run time, but `{{dev}}` (a {{context}} device that owns it) is in scope, so it cannot be revoked here; use `{{devres}}.access({{dev}})`.',
  useAccessSuggestion: 'Use `{{devres}}.access({{dev}})`.',
  foreignDevice:
    '`{{call}}`: `{{dev}}` is not the device that owns `{{devres}}` (that is `{{owner}}`); access() with another device fails with EINVAL.',
  borrowKept:
    'What `{{call}}` returned{{via}} is valid only while that device is bound and at hand, but it is kept in {{where}}; keep the Devres and call access() where a bound device is at hand.',
};
type MessageId = keyof typeof messages;

export default createRule({
  meta: {
    id: 'devres-access',
    type: 'suggestion',
    description:
      'Where a Bound (or narrower) device for the owning device is in scope, use devres.access(dev), which needs no run-time revocation check, instead of tryAccess()/tryAccessWith(); never access() with a device that is not the owner.',
    messages,
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'warn', strict: 'error' },
    fixable: 'code',
    hasSuggestions: true,
  },
  check({ analysis, index, report }) {
    const { ts, checker, kernel } = analysis;
    if (!kernel) return;
    keptBorrows(analysis, index, report);
    for (const call of index.calls) {
      if (!ts.isCallExpression(call)) continue;
      const callee = skipOuter(ts, call.expression);
      if (!ts.isPropertyAccessExpression(callee)) continue;
      const kind = devresMember(analysis, call, callee.name);
      if (!kind) continue;
      const fn = analysis.functionAround(call);
      if (!fn) continue;
      const devres = callee.expression;
      if (kind === 'access') {
        const arg = call.arguments[0];
        const owner = ownerOf(analysis, devres, fn, call);
        const given = arg ? deviceSymbol(analysis, arg) : undefined;
        if (owner && given && owner.symbol !== given) {
          report({
            node: call,
            messageId: 'foreignDevice',
            data: { call: text(call), dev: text(arg as TS.Node), devres: text(devres), owner: owner.name },
          });
        }
        continue;
      }
      const dev = ownerOf(analysis, devres, fn, call);
      if (!dev) continue;
      const data = { call: text(call), dev: dev.name, devres: text(devres), context: dev.context };
      // The fix writes the owner's name: only where that name means the owner (no shadowing local).
      const named = checker.resolveName(dev.name, call, ts.SymbolFlags.Value, false) === dev.local;
      if (kind === 'tryAccess') {
        const fix = named
          ? [{ start: callee.name.getStart(), end: call.end, text: `access(${dev.name})` }, ...dropOptionalChain(analysis, call)]
          : undefined;
        report({
          node: call,
          messageId: 'useAccess',
          data,
          ...(fix ? { fix, suggestions: [{ messageId: 'useAccessSuggestion' as const, data, fix }] } : {}),
        });
      } else {
        // tryAccessWith(f) becomes f(devres.access(dev)): offered, not applied, since it reshapes the call.
        const f = call.arguments[0];
        const fix =
          f && named
            ? [{ start: call.getStart(), end: call.end, text: `(${f.getText()})(${devres.getText()}.access(${dev.name}))` }]
            : undefined;
        report({
          node: call,
          messageId: 'useAccess',
          data,
          ...(fix ? { suggestions: [{ messageId: 'useAccessSuggestion', data, fix }] } : {}),
        });
      }
    }
  },
});

type Reporter = RuleReporter<MessageId>;

/**
 * Which Devres member the callee `name` of `call` denotes. Read from
 * `declarations`: a member picked by a mapped type (`Pick<Devres<Bar>,
 * 'tryAccess'>`) has the kernel's declarations but no valueDeclaration.
 * Resolving the member types its receiver, so only calls that may run one
 * of the members (by their possible signatures) are resolved.
 */
function devresMember(
  analysis: AnalysisView,
  call: TS.CallExpression,
  name: TS.MemberName,
): 'tryAccess' | 'tryAccessWith' | 'access' | undefined {
  const { kernel, ts, checker } = analysis;
  const members = kernel?.devresMembers;
  if (!members || !mayRun(ts, checker, call, (d) => kernel.devresSignatures.has(d))) return undefined;
  for (const d of analysis.checker.getSymbolAtLocation(name)?.declarations ?? []) {
    const kind = members.get(d);
    if (kind) return kind;
  }
  return undefined;
}

/**
 * What `devres.access(dev)` returns is borrowed: valid for the synchronous
 * extent of the callback or helper that has the bound device. Storing it, directly or through a const that holds it, in
 * anything that outlives that is reported at the store.
 */
function keptBorrows(analysis: AnalysisView, index: ReturnType<AnalysisView['indexOf']>, report: Reporter): void {
  const { ts, checker, summaries, world } = analysis;
  for (const call of index.calls) {
    if (!ts.isCallExpression(call)) continue;
    const callee = skipOuter(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee) || devresMember(analysis, call, callee.name) !== 'access') continue;
    const fn = analysis.functionAround(call);
    if (!fn) continue;
    // The call itself, and the consts that hold it: `const regs = bar.access(pdev)`.
    const holders = new Set<TS.Symbol>();
    const holder = outermostWrapper(ts, call);
    if (holder && ts.isVariableDeclaration(holder.parent) && ts.isIdentifier(holder.parent.name) && holder.parent.initializer === holder) {
      const s = checker.getSymbolAtLocation(holder.parent.name);
      if (s) holders.add(s);
    }
    // What holds the borrow: the call, what derives from it, and what closes over it (a closure, an object whose
    // methods do, through the consts that hold them).
    const closesOver = (e: TS.Expression, depth: number): boolean => {
      const x = skipOuter(ts, e);
      if (ts.isArrowFunction(x) || ts.isFunctionExpression(x) || ts.isObjectLiteralExpression(x)) return summaries.mentions(x, holders);
      if (!ts.isIdentifier(x) || depth > 3) return false;
      const decl = checker.getSymbolAtLocation(x)?.valueDeclaration;
      const init = decl && ts.isVariableDeclaration(decl) && decl.parent.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
      return init !== undefined && closesOver(init, depth + 1);
    };
    const holds = (e: TS.Expression): boolean => skipOuter(ts, e) === call || summaries.derives(e, holders) || closesOver(e, 0);
    const name = [...holders][0]?.name;
    const kept = (node: TS.Node, direct: boolean, where: string): void =>
      report({ node, messageId: 'borrowKept', data: { call: text(call), via: direct || !name ? '' : ` (as \`${name}\`)`, where } });
    const items = analysis.itemsOf(fn);
    for (const w of items.writes) {
      if (!holds(w.value)) continue;
      const target = world.targetOf(w.target, 0, w.how !== 'assign');
      const local = !target && summaries.isFreshLocal(w.target, fn);
      if (!local) kept(w.at, skipOuter(ts, w.value) === call, target?.description ?? `\`${text(skipOuter(ts, w.target))}\``);
    }
    for (const c of items.calls) {
      if (c === call) continue;
      const target = analysis.calleeOf(c);
      if (!target) continue; // the kernel API (Devres.new for the same device) keeps it for the binding
      const effects = summaries.of(target);
      (c.arguments ?? []).forEach((arg, j) => {
        const e = effects.params[paramAt(target, j) ?? -1]?.[0];
        if (e && holds(arg)) kept(arg, skipOuter(ts, arg) === call, `${e.where} (through \`${text(c.expression)}\`)`);
      });
    }
    if (analysis.drivers.callbacks.get(fn)?.role === 'probe') {
      for (const r of items.returns)
        if (r.expression && analysis.functionAround(r) === fn && holds(r.expression))
          kept(r.expression, skipOuter(ts, r.expression) === call, "the driver's private data");
    }
    for (const d of items.deferrals) {
      const f = skipOuter(ts, d.value);
      if (!(ts.isArrowFunction(f) || ts.isFunctionExpression(f))) continue;
      if (summaries.mentions(f, holders)) kept(d.at, false, `a closure handed to \`${d.sink}\`, which runs later`);
    }
  }
}

/** `x.tryAccess()?.write32(…)` loses its `?.` once `access()` cannot return undefined. */
function dropOptionalChain(analysis: AnalysisView, call: TS.CallExpression): { start: number; end: number; text: string }[] {
  const { ts } = analysis;
  const p = call.parent;
  if (
    !p ||
    !(ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p)) ||
    p.expression !== call ||
    !p.questionDotToken
  )
    return [];
  const q = p.questionDotToken;
  return [{ start: q.getStart(), end: q.end, text: ts.isPropertyAccessExpression(p) ? '.' : '' }];
}

interface DeviceInScope {
  readonly name: string;
  /** The device by origin: a widening or same-object cast, or a `const` alias, of the owner is the owner. */
  readonly symbol: TS.Symbol;
  /** The local the name denotes where it is declared (the fix must resolve to it). */
  readonly local: TS.Symbol;
  readonly context: string;
}

const MAX_HELPER_DEPTH = 4;

/**
 * The device that provably owns `devres` where `fn` runs, at `at`: the device
 * it was created from in this function, or, for the binding's own resources,
 * the device of probe, unbind or an IRQ handler, or, in a helper, the device
 * parameter that every call site fills with the owner of what it passes.
 * Timer and work callbacks have none, and stay quiet: that is what tryAccess
 * is for. Nor is any device in scope after an `await`.
 */
function ownerOf(analysis: AnalysisView, devres: TS.Expression, fn: FunctionNode, at: TS.Node, depth = 0): DeviceInScope | undefined {
  if (mayFollowAwait(analysis, fn, at)) return undefined;
  const role = analysis.drivers.callbacks.get(fn)?.role;
  // Created from a device that is live in this very function: `const bar = pdev.iomapRegion(…)`.
  // A closure that captured the device runs later, when the view is gone.
  const created = createdFrom(analysis, devres);
  const live = created?.local.valueDeclaration;
  if (created && live && (live.parent === fn || analysis.functionAround(live) === fn)) return created;
  // The binding's own resources, in its callbacks or its IRQ handler.
  if ((role === 'probe' || role === 'unbind' || isIrqHandler(analysis, fn)) && fromPrivateData(analysis, devres, fn))
    return deviceParam(analysis, fn, 0);
  if (role === undefined && depth < MAX_HELPER_DEPTH) return ownerThroughCallers(analysis, devres, fn, depth);
  return undefined;
}

/** The `i`th parameter of `fn` when it is a Bound (or narrower) device. */
function deviceParam(analysis: AnalysisView, fn: FunctionNode, i: number): DeviceInScope | undefined {
  const { ts, checker, facts } = analysis;
  const p = fn.parameters[i];
  if (!p || !ts.isIdentifier(p.name)) return undefined;
  const ctx = facts.deviceContext(checker.getTypeAtLocation(p.name));
  const symbol = checker.getSymbolAtLocation(p.name);
  return symbol && ctx && ctx !== 'Normal' && ctx !== 'unknown' ? { name: p.name.text, symbol, local: symbol, context: ctx } : undefined;
}

/**
 * A helper `doorbell(dev, bar)`: `dev` owns what `bar` holds when every call
 * site in the program passes, for `dev`, the owner of what it passes for `bar`.
 */
function ownerThroughCallers(analysis: AnalysisView, devres: TS.Expression, fn: FunctionNode, depth: number): DeviceInScope | undefined {
  const { ts, checker } = analysis;
  const root = accessRoot(ts, devres);
  const decl = ts.isIdentifier(root) ? checker.getSymbolAtLocation(root)?.valueDeclaration : undefined;
  if (!decl || !ts.isParameter(decl) || decl.parent !== fn) return undefined;
  const resIndex = fn.parameters.indexOf(decl);
  const callers = analysis.callersOf(fn);
  if (callers.length === 0) return undefined;
  for (let i = 0; i < fn.parameters.length; i++) {
    const dev = i === resIndex ? undefined : deviceParam(analysis, fn, i);
    if (!dev) continue;
    const everyCaller = callers.every((call) => {
      const resArg = call.arguments?.[resIndex];
      const devArg = call.arguments?.[i];
      const caller = analysis.functionAround(call);
      const owner = resArg && devArg && caller ? ownerOf(analysis, resArg, caller, call, depth + 1) : undefined;
      return owner !== undefined && owner.symbol === deviceSymbol(analysis, devArg as TS.Expression);
    });
    if (everyCaller) return dev;
  }
  return undefined;
}

/** Whether `at` may run after an `await` of `fn`: one before it, or one in a loop around it. */
function mayFollowAwait(analysis: AnalysisView, fn: FunctionNode, at: TS.Node): boolean {
  const { ts } = analysis;
  if (!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  const start = at.getStart();
  for (const a of analysis.indexOf(fn.getSourceFile()).awaits) {
    if (analysis.functionAround(a) !== fn) continue;
    if (a.getStart() < start) return true;
    for (let p: TS.Node | undefined = at.parent; p && p !== fn; p = p.parent)
      if (ts.isIterationStatement(p, false) && within(a, p)) return true;
  }
  return false;
}

function createdFrom(analysis: AnalysisView, devres: TS.Expression): DeviceInScope | undefined {
  const { ts, checker, facts } = analysis;
  const e = skipOuter(ts, devres);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = skipOuter(ts, decl.initializer);
  if (!ts.isCallExpression(init) || !analysis.kernelCallee(init)) return undefined;
  const callee = skipOuter(ts, init.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuter(ts, callee.expression) : undefined;
  const arg0 = init.arguments[0] ? skipOuter(ts, init.arguments[0]) : undefined;
  for (const cand of [receiver, arg0]) {
    if (!cand || !ts.isIdentifier(cand)) continue;
    const ctx = facts.deviceContext(checker.getTypeAtLocation(cand));
    const local = checker.getSymbolAtLocation(cand);
    const symbol = deviceSymbol(analysis, cand);
    if (local && symbol && ctx && ctx !== 'Normal' && ctx !== 'unknown') return { name: cand.text, symbol, local, context: ctx };
  }
  return undefined;
}

/**
 * Whether `devres` belongs to the binding `fn` runs for: reached from
 * unbind's `self`, from a local of probe, or, in an IRQ handler, from what
 * it captured from the probe that registered it; or typed as private data.
 */
function fromPrivateData(analysis: AnalysisView, devres: TS.Expression, fn: FunctionNode, depth = 0): boolean {
  const { ts, checker, values } = analysis;
  let e = skipOuter(ts, devres);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (values.scopeOfNode(e.expression)?.kind === 'private-data') return true;
    e = skipOuter(ts, e.expression);
  }
  if (!ts.isIdentifier(e)) return false;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (!decl) return false;
  // unbind's `self`, or a name destructured from it: `unbind(pdev, { bar })`.
  const param = ts.isParameter(decl) ? decl : bindingPath(ts, decl)?.holder;
  if (param && ts.isParameter(param) && param.parent === fn)
    return fn.parameters.indexOf(param) === 1 && analysis.drivers.callbacks.get(fn)?.role === 'unbind';
  const home = analysis.functionAround(decl);
  // A const alias of, or a name destructured from, what belongs to the binding belongs to it: `const { bar } = self`.
  const from = constInitializer(ts, decl) ?? destructuredPath(ts, decl)?.source;
  if (from && depth < 4 && home === fn && fromPrivateData(analysis, from, fn, depth + 1)) return true;
  return home !== undefined && analysis.drivers.callbacks.get(home)?.role === 'probe' && (home === fn || isIrqHandler(analysis, fn));
}

/** The `handle` of an object passed as an IRQ handler. */
function isIrqHandler(analysis: AnalysisView, fn: FunctionNode): boolean {
  const { ts } = analysis;
  const obj = fn.parent && ts.isPropertyAssignment(fn.parent) ? fn.parent.parent : fn.parent;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return false;
  const index = analysis.indexOf(fn.getSourceFile());
  return index.deferrals.some((d) => d.role === 'irq' && skipOuter(ts, d.value) === obj);
}

/** The device `e` denotes, by origin: `bound` in `const bound = pdev as pci.Device<Bound>` is `pdev`. */
function deviceSymbol(analysis: AnalysisView, e: TS.Expression): TS.Symbol | undefined {
  const { ts, checker } = analysis;
  const x = skipOuter(ts, e);
  if (!ts.isIdentifier(x) || analysis.facts.deviceContext(checker.getTypeAtLocation(x)) === undefined) return undefined;
  const origin = originOf(ts, checker, x);
  return checker.getSymbolAtLocation(ts.isIdentifier(origin) ? origin : x);
}
