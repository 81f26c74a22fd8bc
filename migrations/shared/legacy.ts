// Recognising the legacy API by where a name is declared, never by spelling.
import { type AnalysisView, type TS, skipOuter } from '@drvlint/core';

/** Whether `n` (a name, `ns.name`, or a qualified type name) denotes the legacy export called `name`. */
export function isLegacyNamed(analysis: AnalysisView, n: TS.Node, name: string): boolean {
  const { ts, checker, kernel } = analysis;
  const x = ts.isExpression(n) ? skipOuter(ts, n) : n;
  let s = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(x) ? x.name : x);
  if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  return s?.name === name && kernel !== undefined && (s.declarations ?? []).some((d) => kernel.isLegacyFile(d.getSourceFile().fileName));
}
