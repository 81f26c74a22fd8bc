// What the tests of the call shortcuts hold them to: the checker resolving the call.
import ts from 'typescript';
import { expect } from 'vitest';
import { implementationOf, soleDeclaration, soleImplementation } from '../src/calls/callee-types.js';
import { possibleSignatures } from '../src/calls/possible-signatures.js';
import { callsIn, program } from './program.js';

/**
 * Checks that `call`'s possible signatures include the one the checker
 * resolves it to, that its sole declaration, where known, is that one's, and
 * that its sole implementation, where known, is the body that one runs.
 * Whether the sole declaration was known.
 */
export function expectAgreement(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, where: string): boolean {
  const resolved = checker.getResolvedSignature(call)?.getDeclaration();
  const possible = possibleSignatures(ts, checker, call)?.map((s) => s.getDeclaration());
  if (possible) expect(possible, where).toContain(resolved);
  const sole = soleDeclaration(ts, checker, call);
  if (sole !== undefined) expect(sole, where).toBe(resolved);
  const body = soleImplementation(ts, checker, call);
  if (body !== undefined) expect(body ?? undefined, where).toBe(resolved && implementationOf(ts, checker, resolved));
  return sole !== undefined;
}

/**
 * Every call of file `name`, in a program of `files`, held to the checker
 * (see expectAgreement): how many had a sole declaration, of how many.
 */
export function agreementIn(
  files: Record<string, string>,
  name: string,
): { answered: number; calls: number; program: ts.Program; sf: ts.SourceFile } {
  const p = program(files);
  const checker = p.getTypeChecker();
  const { sf, calls } = callsIn(p, name);
  let answered = 0;
  for (const call of calls) if (expectAgreement(checker, call, `${call.getText(sf)} in\n${sf.text}`)) answered++;
  return { answered, calls: calls.length, program: p, sf };
}
