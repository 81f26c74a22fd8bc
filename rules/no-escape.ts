// no-escape: a driver-scoped value never reaches the rest of the world.
import {
  type FunctionNode,
  type ScopedValue,
  type TS,
  type TypeScript,
  clearedBeforeItRuns,
  createRule,
  paramAt,
  skipOuter,
  text,
  mayBeUnseen,
  unseenHandoff,
  worldStorageOf,
} from '@drvlint/core';

export default createRule({
  meta: {
    id: 'no-escape',
    type: 'problem',
    description:
      'A driver-scoped value (device, private data, device resource, or a closure over one) never reaches storage that outlives the binding.',
    messages: {
      stored: '{{value}} is stored in {{target}} and outlives the binding.',
      storedByHelper: '{{value}} is passed to `{{helper}}`, which stores it in {{target}} ({{location}}); it outlives the binding.',
      closureSink: '{{value}} is handed to `{{sink}}`, which can run it after the binding ends.',
      listener: '{{value}} is registered as a listener on {{target}}, which outlives the binding.',
      droppedWork:
        '{{value}} is queued with `{{sink}}` and its handle is dropped, so unbind cannot cancel it; keep the handle and call `cancelSync()` in unbind or drop.',
      floating: '{{value}} is kept alive by a promise that is never awaited; it can outlive the binding.',
      handedOff:
        '{{value}} is handed to `{{callee}}` together with {{target}}; drvlint cannot see that code, which may keep it there, where it outlives the binding.',
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
  },
  check({ analysis, index, report }) {
    const { ts, world, values, summaries } = analysis;

    // A write inside a binding to world storage, of what `held` says is driver-scoped.
    // Module initialisation runs outside any binding.
    const stored = (
      w: { target: TS.Expression; at: TS.Node; fn: FunctionNode | undefined },
      into: boolean,
      held: () => ScopedValue | undefined,
    ): void => {
      const target = w.fn ? world.targetOf(w.target, 0, into) : undefined;
      const v = target && held();
      if (!target || !v) return;
      report({
        node: w.at,
        messageId: 'stored',
        data: { value: v.description, target: target.description },
        related: target.declaration ? [{ node: target.declaration, message: `${target.description} is declared here` }] : [],
      });
    };
    for (const w of index.writes) stored(w, w.how !== 'assign', () => values.scoped(w.value));
    // `({ dev: current } = …)`: each name the pattern writes, with what lands there.
    for (const w of index.patternWrites) stored(w, false, () => values.written(w));

    for (const d of index.deferrals) {
      const v = values.scoped(d.value);
      if (!v || (d.how === 'timer' && clearedBeforeItRuns(analysis, d.at))) continue;
      if (d.how === 'timer') report({ node: d.at, messageId: 'closureSink', data: { value: v.description, sink: d.sink } });
      else if (d.how === 'dropped-work') report({ node: d.at, messageId: 'droppedWork', data: { value: v.description, sink: d.sink } });
      else if (d.how === 'listener' && d.receiver) {
        const target = world.targetOf(d.receiver, 0, true);
        if (target) report({ node: d.at, messageId: 'listener', data: { value: v.description, target: target.description } });
      }
    }

    // Code drvlint cannot see (the library, declarations without a body) may keep what it is given: a store when its
    // receiver or another of its arguments is world storage. Inserts, merges and deferrals are reported as such above.
    const written = new Set<TS.Node>([...index.writes.map((w) => w.at), ...index.deferrals.map((d) => d.at)]);
    index.calls.forEach((call, k) => {
      if (!index.owners.calls[k] || (call.arguments?.length ?? 0) === 0) return;
      // The callee's possible declarations first (known already), then world storage (names and symbols), then the
      // hand-off itself, then what the values hold (types): cheapest first.
      if (!mayBeUnseen(analysis, call)) return;
      const callee = skipOuter(ts, call.expression);
      const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
      const near = [receiver, ...(call.arguments ?? [])].some((e) => e !== undefined && reachesWorld(ts, e) && worldStorageOf(analysis, e));
      if (!near) return;
      const h = unseenHandoff(analysis, call);
      if (!h) return;
      const storage = [h.receiver, ...h.args].map((e) => (e ? worldStorageOf(analysis, e) : undefined));
      h.args.forEach((arg, i) => {
        if (written.has(arg)) return;
        const target = storage.find((t, j) => t !== undefined && j !== i + 1);
        const v = target && values.scoped(arg);
        if (!target || !v) return;
        report({
          node: arg,
          messageId: 'handedOff',
          data: { value: v.description, callee: h.callee, target: target.description },
          related: target.declaration ? [{ node: target.declaration, message: `${target.description} is declared here` }] : [],
        });
      });
    });

    for (const p of index.floating) {
      const call = ts.isCallExpression(p) ? p : undefined;
      if (!call) continue;
      const receiver = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
      const v = [...call.arguments, ...(receiver ? [receiver] : [])].map((a) => values.scoped(a)).find((x) => x !== undefined);
      if (v) report({ node: p, messageId: 'floating', data: { value: v.description } });
    }

    // Through helpers, in this file or another: report at the call, where
    // the value is still known to be driver-scoped. A helper whose parameter
    // is typed as driver-scoped is reported inside the helper instead.
    // A method that keeps an argument in its own receiver's fields
    // (`pool.put(k, v)` storing into `this.#items`) stores it in the world when
    // the receiver is world storage: the private field is no barrier.
    for (const call of index.calls) {
      const inv = analysis.invocationOf(call);
      if (!inv) continue;
      const { callee, receiver } = inv;
      const summary = summaries.of(callee);
      const receiverWorld = receiver ? world.targetOf(receiver, 0, true) : undefined;
      inv.args.forEach((arg, j) => {
        const i = paramAt(callee, j);
        const param = i === undefined ? undefined : callee.parameters[i];
        if (i === undefined || !param) return;
        const effects = summary.params[i] ?? [];
        // The parameter's type is asked only when it reaches the world: most parameters do not, and typing each is a checker question.
        const toWorld = effects.find((e) => e.kind === 'world');
        const direct = toWorld && !values.scopeOfNode(param.name) ? toWorld : undefined;
        const viaReceiver = receiverWorld ? effects.find((e) => e.kind === 'kept' && e.onThis) : undefined;
        // `keepIn(all, self)`, where `keepIn(list, x)` keeps `x` in `list`: a store when `all` is world storage; so is
        // the parameter's default when the call leaves it out (`keep(x, list = all)`).
        const holderOf = (k: number): TS.Expression | undefined => inv.args[k] ?? callee.parameters[k]?.initializer;
        const viaArgument = effects
          .map((e) => ({ e, holder: e.kind === 'kept' && e.intoParam !== undefined ? holderOf(e.intoParam) : undefined }))
          .map(({ e, holder }) => ({ e, target: holder ? worldStorageOf(analysis, holder) : undefined }))
          .find((x) => x.target !== undefined);
        const where =
          direct?.where ??
          (viaReceiver && receiverWorld ? `${viaReceiver.where.replace(/^`this\./, '`')} of ${receiverWorld.description}` : undefined) ??
          viaArgument?.target?.description;
        const location = (direct ?? viaReceiver ?? viaArgument?.e)?.location;
        if (where === undefined || location === undefined) return;
        const v = values.scoped(arg);
        if (!v) return;
        report({
          node: arg,
          messageId: 'storedByHelper',
          data: { value: v.description, helper: text(call.expression), target: where, location },
          related: [{ node: callee, message: `\`${text(call.expression)}\` is defined here` }],
        });
      });
    }
  },
});

/**
 * Whether `e` can be world storage by its syntax: a name, a member, a call (a
 * function or library call that hands it back), or an array literal of them
 * (what `apply` passes). Literals and operators cannot.
 */
function reachesWorld(ts: TypeScript, e: TS.Expression): boolean {
  const x = skipOuter(ts, ts.isSpreadElement(e) ? e.expression : e);
  if (ts.isArrayLiteralExpression(x)) return x.elements.some((el) => reachesWorld(ts, el));
  return ts.isIdentifier(x) || ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isCallExpression(x);
}
