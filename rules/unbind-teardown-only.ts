// unbind-teardown-only: unbind tears the device down but releases nothing.
// Release belongs in Self[Symbol.dispose], which runs after device resources
// are revoked.
import {
  type AnalysisView,
  type TS,
  createRule,
  elementCallbackReceiver,
  locationOf,
  paramAt,
  receiverOf,
  skipOuter,
  text,
  reachableFrom,
  type Release,
  releaseOf,
  releasesOf,
} from '@drvlint/core';

export default createRule({
  meta: {
    id: 'unbind-teardown-only',
    type: 'problem',
    description:
      'unbind (and what it calls) tears down but releases nothing: no dispose/release/revoke/free on driver resources, no using declaration of them, no delete of private-data fields, no undefined/null assigned to them.',
    messages: {
      release:
        '`{{call}}` releases {{value}} in unbind; unbind is for teardown only. Release in `Self[Symbol.dispose]`, which runs after device resources are revoked.',
      releaseByHelper:
        '`{{call}}` releases {{value}} in unbind: it calls `{{release}}` ({{location}}); unbind is for teardown only. Release in `Self[Symbol.dispose]`, which runs after device resources are revoked.',
      deleteField: '`delete {{target}}` in unbind removes part of the private data; release it in `Self[Symbol.dispose]` instead.',
      clearField:
        '`{{target}} = {{value}}` in unbind releases part of the private data; leave it, and release it in `Self[Symbol.dispose]`.',
      usingRelease:
        '`{{declaration}}` disposes {{value}} when unbind returns; unbind is for teardown only. Release in `Self[Symbol.dispose]`, which runs after device resources are revoked.',
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
  },
  check({ analysis, index, report }) {
    const { ts, values } = analysis;
    const fromUnbind = reachableFrom(analysis, 'unbind');
    const inUnbind = (n: TS.Node): boolean => {
      // Drop reached through a `[Symbol.dispose]()` call in unbind is not searched: that call is the finding.
      const p = analysis.functionAround(n);
      return p !== undefined && fromUnbind.has(p) && analysis.drivers.callbacks.get(p)?.role !== 'dispose';
    };
    // In unbind itself, or in an array callback it runs synchronously (`self.qs.forEach((q) => …)`).
    const isUnbind = (n: TS.Node): boolean => {
      for (let p = analysis.functionAround(n); p; p = analysis.functionAround(p)) {
        if (!elementCallbackReceiver(ts, p)) return analysis.drivers.callbacks.get(p)?.role === 'unbind';
      }
      return false;
    };
    // Releases are reported at the call in unbind, where a person fixes them:
    // the release itself, or the helper call that leads to one.
    for (const call of index.calls) {
      if (!ts.isCallExpression(call) || !isUnbind(call)) continue;
      const receiver = receiverOf(ts, call);
      const release = releaseOf(analysis, call);
      if (release) {
        const v = release.receiver && values.scoped(release.receiver);
        if (v) report({ node: call, messageId: 'release', data: { call: text(call), value: v.description } });
        continue;
      }
      const callee = analysis.calleeOf(call);
      if (!callee) continue;
      const inner = releasesOf(analysis, callee);
      const via = (r: Release, value: string): void =>
        report({
          node: call,
          messageId: 'releaseByHelper',
          data: { call: text(call), value, release: text(r.call), location: locationOf(r.call) },
          related: [{ node: r.call, message: `\`${text(r.call)}\` releases it here` }],
        });
      let done = false;
      call.arguments.forEach((arg, j) => {
        const r = inner.params[paramAt(callee, j) ?? -1];
        const v = r && !done ? values.scoped(arg) : undefined;
        if (r && v) {
          via(r, v.description);
          done = true;
        }
      });
      const v = !done && inner.self && receiver ? values.scoped(receiver) : undefined;
      if (v && inner.self) via(inner.self, v.description);
      else if (!done && inner.scoped) via(inner.scoped, 'a driver resource');
    }
    // `using r = self.res` in unbind is a release at the block's end, written as a declaration.
    for (const v of index.variables) {
      if (!(v.parent.flags & ts.NodeFlags.Using) || !v.initializer || !isUnbind(v)) continue;
      const value = values.scoped(v.initializer);
      if (value)
        report({
          node: v,
          messageId: 'usingRelease',
          data: {
            declaration: `${(v.parent.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing ? 'await using' : 'using'} ${text(v)}`,
            value: value.description,
          },
        });
    }
    for (const d of index.deletes) {
      if (inUnbind(d) && isPrivateData(analysis, d.expression))
        report({ node: d, messageId: 'deleteField', data: { target: text(d.expression) } });
    }
    for (const w of index.writes) {
      if (w.how !== 'assign' || !inUnbind(w.at)) continue;
      const value = skipOuter(ts, w.value);
      const cleared =
        value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value);
      if (cleared && isPrivateData(analysis, w.target))
        report({ node: w.at, messageId: 'clearField', data: { target: text(w.target), value: value.getText() } });
    }
  },
});

/** A field of the driver's private data: `self.x`, `this.x` in a Self method, `self.a.b`. */
function isPrivateData(analysis: AnalysisView, target: TS.Expression): boolean {
  const { ts, values } = analysis;
  const e = skipOuter(ts, target);
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  const s = values.scopeOfValue(e.expression);
  return s?.kind === 'private-data' || (s?.kind === 'part' && s.of.kind === 'private-data');
}
