// branchiest: the branches of a file's branchiest body, read off the text
// when the text cannot reach BRANCHY, and counted on the tree when it can.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BRANCHY, branchiest } from '../src/program/blindness.js';

const file = (text: string) => ts.createSourceFile('f.ts', text, ts.ScriptTarget.ES2022, true);
const ifs = (n: number) => Array.from({ length: n }, (_, i) => `  if (x === ${i}) y++;`).join('\n');

describe('branchiest', () => {
  it('finds a body past BRANCHY, whatever else the file has', () => {
    const sf = file(`let y = 0;\nexport function f(x: number) {\n${ifs(BRANCHY + 10)}\n}\n`);
    expect(branchiest(ts, sf)).toBe(BRANCHY + 10);
  });

  it('counts per body: many branches spread over small functions stay below', () => {
    const fns = Array.from({ length: 60 }, (_, k) => `export function f${k}(x: number) {\n${ifs(10)}\n}`).join('\n');
    expect(branchiest(ts, file(`let y = 0;\n${fns}\n`))).toBeLessThan(BRANCHY);
  });

  it('walks a text whose branch tokens are only in comments and names, and finds none', () => {
    const sf = file(`// ${'if for while case catch && || ? '.repeat(BRANCHY)}\nexport const ifFor = 1;\n`);
    expect(branchiest(ts, sf)).toBe(0);
  });

  it('reads a small file off its text, never below its real count', () => {
    const sf = file(`export function f(x: number, y: number) {\n${ifs(7)}\n  return x ? y ?? 1 : x && y;\n}\n`);
    expect(branchiest(ts, sf)).toBeGreaterThanOrEqual(10);
    expect(branchiest(ts, sf)).toBeLessThan(BRANCHY);
  });
});
