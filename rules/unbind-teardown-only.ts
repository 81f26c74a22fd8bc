// unbind-teardown-only: unbind tears the device down but releases nothing.
// Release belongs in Self[Symbol.dispose], which runs after device resources
// are revoked.
import { type Analysis, type TS, createRule, isFunctionNode, skipOuter, text } from '@drvlint/core';
import { reachableFrom } from './shared/flow.js';

const RELEASE = new Set(['dispose', 'release', 'revoke', 'free']);

export default createRule({
  meta: {
    id: 'unbind-teardown-only',
    type: 'problem',
    description: 'unbind (and what it calls) tears down but releases nothing: no dispose/release/revoke/free on driver resources, no delete of private-data fields, no undefined/null assigned to them.',
    messages: {
      release: '`{{call}}` releases {{value}} in unbind; unbind is for teardown only. Release in `Self[Symbol.dispose]`, which runs after device resources are revoked.',
      deleteField: '`delete {{target}}` in unbind removes part of the private data; release it in `Self[Symbol.dispose]` instead.',
      clearField: '`{{target}} = {{value}}` in unbind releases part of the private data; leave it, and release it in `Self[Symbol.dispose]`.',
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
      for (let p: TS.Node | undefined = n.parent; p; p = p.parent) if (isFunctionNode(ts, p)) return fromUnbind.has(p) && analysis.drivers.callbacks.get(p)?.role !== 'dispose';
      return false;
    };
    for (const call of index.calls) {
      if (!ts.isCallExpression(call) || !inUnbind(call)) continue;
      const callee = skipOuter(ts, call.expression);
      const name = releaseName(analysis, callee);
      if (!name || !(ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) continue;
      const v = values.scoped(callee.expression);
      if (v) report({ node: call, messageId: 'release', data: { call: text(call), value: v.description } });
    }
    for (const d of index.deletes) {
      if (inUnbind(d) && isPrivateData(analysis, d.expression)) report({ node: d, messageId: 'deleteField', data: { target: text(d.expression) } });
    }
    for (const w of index.writes) {
      if (w.how !== 'assign' || !inUnbind(w.at)) continue;
      const value = skipOuter(ts, w.value);
      const cleared = value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value);
      if (cleared && isPrivateData(analysis, w.target)) report({ node: w.at, messageId: 'clearField', data: { target: text(w.target), value: value.getText() } });
    }
  },
});

/** `dispose`, `release`, … or `[Symbol.dispose]` */
function releaseName(analysis: Analysis, callee: TS.Expression): string | undefined {
  const { ts } = analysis;
  if (ts.isPropertyAccessExpression(callee)) return RELEASE.has(callee.name.text) ? callee.name.text : undefined;
  if (ts.isElementAccessExpression(callee)) {
    const arg = skipOuter(ts, callee.argumentExpression);
    if (ts.isPropertyAccessExpression(arg) && arg.name.text === 'dispose' && ts.isIdentifier(arg.expression) && arg.expression.text === 'Symbol') return '[Symbol.dispose]';
  }
  return undefined;
}

/** A field of the driver's private data: `self.x`, `this.x` in a Self method, `self.a.b`. */
function isPrivateData(analysis: Analysis, target: TS.Expression): boolean {
  const { ts, values } = analysis;
  const e = skipOuter(ts, target);
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  for (let base = skipOuter(ts, e.expression); ; ) {
    const s = values.scopeOfNode(base);
    if (s?.kind === 'private-data' || isUnbindSelf(analysis, base)) return true;
    if (!ts.isPropertyAccessExpression(base) && !ts.isElementAccessExpression(base)) return false;
    base = skipOuter(ts, base.expression);
  }
}

/** unbind's second parameter is the private data, whatever its type looks like. */
function isUnbindSelf(analysis: Analysis, e: TS.Expression): boolean {
  const { ts, checker } = analysis;
  if (!ts.isIdentifier(e)) return false;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl)) return false;
  const fn = decl.parent;
  return isFunctionNode(ts, fn) && fn.parameters.indexOf(decl) === 1 && analysis.drivers.callbacks.get(fn)?.role === 'unbind';
}
