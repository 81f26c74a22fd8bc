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
  // Asked of every call by several rules: answered once per checker and call.
  if (checker !== lastChecker) {
    lastChecker = checker;
    let known = byChecker.get(checker);
    if (!known) byChecker.set(checker, (known = new WeakMap()));
    lastKnown = known;
  }
  const known = lastKnown as WeakMap<TS.Node, readonly TS.Signature[] | null>;
  let found = known.get(call);
  if (found === undefined) known.set(call, (found = compute(ts, checker, call) ?? null));
  return found ?? undefined;
}

const byChecker = new WeakMap<TS.TypeChecker, WeakMap<TS.Node, readonly TS.Signature[] | null>>();
let lastChecker: TS.TypeChecker | undefined;
let lastKnown: WeakMap<TS.Node, readonly TS.Signature[] | null> | undefined;

function compute(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): readonly TS.Signature[] | undefined {
  const K = ts.SyntaxKind;
  const callee = call.expression.kind;
  if (callee === K.SuperKeyword || callee === K.ImportKeyword) return undefined;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(call.expression));
  const signatures = call.kind === K.NewExpression ? type.getConstructSignatures() : type.getCallSignatures();
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
