// Calls through an ops table, a const object literal: the literal says which
// body runs, whatever type the const is declared with, only where nothing
// can change it and the literal itself tells.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { literalMember } from '../src/calls/literal-members.js';
import { callsIn, program } from './program.js';

const code = `
interface Ops {
  a(): number;
  b(): number;
  c(): number;
}
function named(): number {
  return 1;
}
const base: Ops = { a: named, b: () => 2, c() { return 3; } };
const over: Ops = { ...base, b() { return 4; } };
const after: Ops = { b() { return 5; }, ...base };
declare const elsewhere: Ops;
const unknownSpread: Ops = { ...elsewhere, a: named };
const key = 'c';
const computed = { a: named, b: named, [key]: named };
const withGetter = { a: named, b: named, get c() { return named; } };
let notConst: Ops = base;

export const calls = [
  base.a(), base.b(), base.c(),
  over.a(), over.b(), over.c(),
  after.b(),
  unknownSpread.a(), unknownSpread.b(),
  computed.a(), computed.c(),
  withGetter.c(),
  notConst.a(),
];
`;

/** What each call in `calls` runs, by literalMember: the member's text, or undefined. */
function answers(mayChange: (s: ts.Symbol) => boolean = () => false): (string | undefined)[] {
  const p = program({ 'ops.ts': code });
  const checker = p.getTypeChecker();
  const { calls } = callsIn(p, 'ops.ts');
  return calls
    .filter((c) => ts.isArrayLiteralExpression(c.parent))
    .map((c) => literalMember(ts, checker, c, mayChange)?.getText().replace(/\s+/g, ' '));
}

describe('literalMember', () => {
  it("reads a const literal's own members, and those a spread of another such literal brings, the last one winning", () => {
    const [baseA, baseB, baseC, overA, overB, overC, afterB] = answers();
    expect(baseA).toMatch(/^function named/);
    expect(baseB).toBe('() => 2');
    expect(baseC).toBe('c() { return 3; }');
    expect(overA).toMatch(/^function named/);
    expect(overB).toBe('b() { return 4; }');
    expect(overC).toBe('c() { return 3; }');
    expect(afterB).toBe('() => 2');
  });

  it('says nothing where the literal does not tell: a spread of something else, a computed name, a getter, a let', () => {
    const rest = answers().slice(7);
    expect(rest[0]).toMatch(/^function named/); // `a` is the literal's own, after the spread
    expect(rest.slice(1)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('says nothing for a table that may change', () => {
    expect(answers(() => true).every((a) => a === undefined)).toBe(true);
  });
});
