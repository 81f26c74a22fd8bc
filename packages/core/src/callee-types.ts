// What a call can run, read from its callee's type instead of resolving it.
// Resolving a call picks an overload, infers type arguments and checks every
// argument: about three times the cost of typing the callee alone, and most
// of what drvlint asked of the checker (all 51,000 calls at 1,000 drivers:
// 8.3 s resolved, 3.0 s by callee type). The resolved signature is always one
// of the callee type's signatures (or an instance of one), so when none of
// them could give the answer a question looks for, the call need not be
// resolved at all; only the calls that could are.
import type { TS, TypeScript } from './ts.js';

/**
 * The signatures `call` can resolve to, from the type of its callee (with
 * `null` and `undefined` taken out, for optional calls); undefined when that
 * type has none or one without a declaration, and only resolving the call
 * tells (`super(…)`, an `any` callee, a synthetic signature).
 */
export function possibleSignatures(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): readonly TS.Signature[] | undefined {
  if (call.expression.kind === ts.SyntaxKind.SuperKeyword || call.expression.kind === ts.SyntaxKind.ImportKeyword) return undefined;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(call.expression));
  const signatures = ts.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures();
  if (signatures.length === 0 || signatures.some((s) => s.getDeclaration() === undefined)) return undefined;
  return signatures;
}

/**
 * Whether `call` may resolve to a declaration `wanted` accepts: false only
 * when no possible signature's declaration is accepted, so that a caller can
 * skip resolving it and miss nothing.
 */
export function mayRun(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression, wanted: (d: TS.SignatureDeclaration) => boolean): boolean {
  const signatures = possibleSignatures(ts, checker, call);
  return signatures === undefined || signatures.some((s) => wanted(s.getDeclaration()));
}
