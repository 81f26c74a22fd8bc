// What the tests of the call shortcuts hold them to: the checker resolving the call.
import ts from 'typescript';
import { expect } from 'vitest';
import { soleDeclaration } from '../src/calls/callee-types.js';
import { possibleSignatures } from '../src/calls/possible-signatures.js';

/**
 * Checks that `call`'s possible signatures include the one the checker
 * resolves it to, and that its sole declaration, where known, is that one's.
 * Whether the sole declaration was known.
 */
export function expectAgreement(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, where: string): boolean {
  const resolved = checker.getResolvedSignature(call)?.getDeclaration();
  const possible = possibleSignatures(ts, checker, call)?.map((s) => s.getDeclaration());
  if (possible) expect(possible, where).toContain(resolved);
  const sole = soleDeclaration(ts, checker, call);
  if (sole !== undefined) expect(sole, where).toBe(resolved);
  return sole !== undefined;
}
