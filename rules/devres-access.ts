// devres-access: where a bound device for the owner is in scope, use
// `devres.access(dev)` (no run-time revocation check) instead of
// `tryAccess()`; and never `access()` with a device that is not the owner.
import { type Analysis, type FunctionNode, type TS, createRule, enclosingFunction, skipOuter, text } from '@drvlint/core';

export default createRule({
  meta: {
    id: 'devres-access',
    type: 'suggestion',
    description: 'Where a Bound (or narrower) device for the owning device is in scope, use devres.access(dev), which needs no run-time revocation check, instead of tryAccess()/tryAccessWith(); never access() with a device that is not the owner.',
    messages: {
      useAccess: '`{{call}}` checks for revocation at run time, but `{{dev}}` (a {{context}} device that owns it) is in scope, so it cannot be revoked here; use `{{devres}}.access({{dev}})`.',
      useAccessSuggestion: 'Use `{{devres}}.access({{dev}})`.',
      foreignDevice: '`{{call}}`: `{{dev}}` is not the device that owns `{{devres}}` (that is `{{owner}}`); access() with another device fails with EINVAL.',
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'warn', strict: 'error' },
    fixable: 'code',
    hasSuggestions: true,
  },
  check({ analysis, index, report }) {
    const { ts, checker, kernel } = analysis;
    if (!kernel) return;
    for (const call of index.calls) {
      if (!ts.isCallExpression(call)) continue;
      const callee = skipOuter(ts, call.expression);
      if (!ts.isPropertyAccessExpression(callee)) continue;
      const decl = checker.getSymbolAtLocation(callee.name)?.valueDeclaration;
      const kind = decl ? kernel.devresMembers.get(decl) : undefined;
      if (!kind) continue;
      const fn = enclosingFunction(ts, call);
      if (!fn) continue;
      const devres = callee.expression;
      if (kind === 'access') {
        const arg = call.arguments[0];
        const owner = ownerOf(analysis, devres, fn);
        const given = arg ? deviceSymbol(analysis, arg) : undefined;
        if (owner && given && owner.symbol !== given) {
          report({ node: call, messageId: 'foreignDevice', data: { call: text(call), dev: text(arg as TS.Node), devres: text(devres), owner: owner.name } });
        }
        continue;
      }
      const dev = ownerOf(analysis, devres, fn);
      if (!dev) continue;
      const data = { call: text(call), dev: dev.name, devres: text(devres), context: dev.context };
      const replacement = { start: callee.name.getStart(), end: call.end, text: `access(${dev.name})` };
      if (kind === 'tryAccess') {
        report({ node: call, messageId: 'useAccess', data, fix: [replacement], suggestions: [{ messageId: 'useAccessSuggestion', data, fix: [replacement] }] });
      } else {
        // tryAccessWith(f) becomes f(devres.access(dev)): offered, not applied, since it reshapes the call.
        const f = call.arguments[0];
        const fix = f ? [{ start: call.getStart(), end: call.end, text: `(${f.getText()})(${devres.getText()}.access(${dev.name}))` }] : undefined;
        report({ node: call, messageId: 'useAccess', data, ...(fix ? { suggestions: [{ messageId: 'useAccessSuggestion', data, fix }] } : {}) });
      }
    }
  },
});

interface DeviceInScope {
  readonly name: string;
  readonly symbol: TS.Symbol;
  readonly context: string;
}

/**
 * The device that provably owns `devres` where `fn` runs: the device it was
 * created from in this function, or, for the binding's own resources, the
 * device of probe, unbind or an IRQ handler. Timer and work callbacks have
 * none, and stay quiet: that is what tryAccess is for.
 */
function ownerOf(analysis: Analysis, devres: TS.Expression, fn: FunctionNode): DeviceInScope | undefined {
  const { ts, checker, facts } = analysis;
  const role = analysis.drivers.callbacks.get(fn)?.role;
  const first = fn.parameters[0];
  const deviceParam = (): DeviceInScope | undefined => {
    if (!first || !ts.isIdentifier(first.name)) return undefined;
    const ctx = facts.deviceContext(checker.getTypeAtLocation(first.name));
    const symbol = checker.getSymbolAtLocation(first.name);
    return symbol && ctx && ctx !== 'Normal' && ctx !== 'unknown' ? { name: first.name.text, symbol, context: ctx } : undefined;
  };
  // Created from a device that is live in this very function: `const bar = pdev.iomapRegion(…)`.
  // A closure that captured the device runs later, when the view is gone.
  const created = createdFrom(analysis, devres);
  const live = created?.symbol.valueDeclaration;
  if (created && live && (live.parent === fn || enclosingFunction(ts, live) === fn)) return created;
  // The binding's own resources, in its callbacks or its IRQ handler.
  if ((role === 'probe' || role === 'unbind' || isIrqHandler(analysis, fn)) && fromPrivateData(analysis, devres, fn)) return deviceParam();
  return undefined;
}

function createdFrom(analysis: Analysis, devres: TS.Expression): DeviceInScope | undefined {
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
    const symbol = checker.getSymbolAtLocation(cand);
    if (symbol && ctx && ctx !== 'Normal' && ctx !== 'unknown') return { name: cand.text, symbol, context: ctx };
  }
  return undefined;
}

/**
 * Whether `devres` belongs to the binding `fn` runs for: reached from
 * unbind's `self`, from a local of probe, or, in an IRQ handler, from what
 * it captured from the probe that registered it; or typed as private data.
 */
function fromPrivateData(analysis: Analysis, devres: TS.Expression, fn: FunctionNode): boolean {
  const { ts, checker, values } = analysis;
  let e = skipOuter(ts, devres);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (values.scopeOfNode(e.expression)?.kind === 'private-data') return true;
    e = skipOuter(ts, e.expression);
  }
  if (!ts.isIdentifier(e)) return false;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (!decl) return false;
  if (ts.isParameter(decl) && decl.parent === fn) return fn.parameters.indexOf(decl) === 1 && analysis.drivers.callbacks.get(fn)?.role === 'unbind';
  const home = enclosingFunction(ts, decl);
  return home !== undefined && analysis.drivers.callbacks.get(home)?.role === 'probe' && (home === fn || isIrqHandler(analysis, fn));
}

/** The `handle` of an object passed as an IRQ handler. */
function isIrqHandler(analysis: Analysis, fn: FunctionNode): boolean {
  const { ts } = analysis;
  const obj = fn.parent && ts.isPropertyAssignment(fn.parent) ? fn.parent.parent : fn.parent;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return false;
  const index = analysis.indexOf(fn.getSourceFile());
  return index.deferrals.some((d) => d.role === 'irq' && skipOuter(ts, d.value) === obj);
}

function deviceSymbol(analysis: Analysis, e: TS.Expression): TS.Symbol | undefined {
  const { ts, checker } = analysis;
  const x = skipOuter(ts, e);
  return ts.isIdentifier(x) && analysis.facts.deviceContext(checker.getTypeAtLocation(x)) !== undefined ? checker.getSymbolAtLocation(x) : undefined;
}

