// no-escape: a driver-scoped value never reaches the rest of the world.
import { type FunctionNode, type ScopedValue, type TS, createRule, paramAt, receiverOf, text } from '@drvlint/core';

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
      if (!v) continue;
      if (d.how === 'timer') report({ node: d.at, messageId: 'closureSink', data: { value: v.description, sink: d.sink } });
      else if (d.how === 'dropped-work') report({ node: d.at, messageId: 'droppedWork', data: { value: v.description, sink: d.sink } });
      else if (d.how === 'listener' && d.receiver) {
        const target = world.targetOf(d.receiver, 0, true);
        if (target) report({ node: d.at, messageId: 'listener', data: { value: v.description, target: target.description } });
      }
    }

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
      const callee = analysis.calleeOf(call);
      if (!callee) continue;
      const summary = summaries.of(callee);
      const receiver = receiverOf(ts, call);
      const receiverWorld = receiver ? world.targetOf(receiver, 0, true) : undefined;
      (call.arguments ?? []).forEach((arg, j) => {
        const i = paramAt(callee, j);
        const param = i === undefined ? undefined : callee.parameters[i];
        if (i === undefined || !param) return;
        const effects = summary.params[i] ?? [];
        const direct = values.scopeOfNode(param.name) ? undefined : effects.find((e) => e.kind === 'world');
        const viaReceiver = receiverWorld ? effects.find((e) => e.kind === 'kept' && e.onThis) : undefined;
        const where =
          direct?.where ??
          (viaReceiver && receiverWorld ? `${viaReceiver.where.replace(/^`this\./, '`')} of ${receiverWorld.description}` : undefined);
        const location = (direct ?? viaReceiver)?.location;
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
