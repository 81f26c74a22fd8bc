// Recognising the legacy API by where a name is declared, never by spelling.
import { type AnalysisView, type TS, skipOuter } from '@drvlint/core';

/** Whether `n` (a name, `ns.name`, or a qualified type name) denotes the legacy export called `name`. */
export function isLegacyNamed(analysis: AnalysisView, n: TS.Node, name: string): boolean {
  const { ts, checker } = analysis;
  const x = ts.isExpression(n) ? skipOuter(ts, n) : n;
  let s = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(x) ? x.name : x);
  if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  return isLegacySymbol(analysis, s, name);
}

/** Whether `type` is the legacy class or interface called `name` (a `Revocable`, a `Registration`). */
export function isLegacyType(analysis: AnalysisView, type: TS.Type, name: string): boolean {
  return isLegacySymbol(analysis, type.getSymbol(), name);
}

function isLegacySymbol(analysis: AnalysisView, s: TS.Symbol | undefined, name: string): boolean {
  const { kernel } = analysis;
  return s?.name === name && kernel !== undefined && (s.declarations ?? []).some((d) => kernel.isLegacyFile(d.getSourceFile().fileName));
}
