// Summaries, tested directly: what a function does with each parameter,
// through helpers in other files, and the two kinds of effect.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis, type FunctionNode } from '@drvlint/core';
import { program } from './program.js';

const files = {
  'store.ts': `export const all: unknown[] = [];
export function keep(x: unknown): void { all.push(x); }
export function relay(y: unknown): void { keep(y); }
export class Holder { items = new Map<string, unknown>(); put(k: string, v: unknown) { this.items.set(k, v); } }
export function field(h: { last?: unknown }, v: unknown) { h.last = v; }
export function pure(z: unknown): string { return String(z); }
export function recurse(a: unknown, n: number): void { if (n > 0) recurse(a, n - 1); }
`,
  // Spelled otherwise: a unicode escape names \`x\` without the letter, and an alias under another name.
  'spelled.ts': `import { all } from './store.js';
export function escaped(x: unknown): void { all.push(\\u0078); }
export function aliased(x: unknown): void { const q = x; all.push({ q }); }
export function mentioned(x: unknown): void { all.push(() => String(x)); }
`,
  'main.ts': `import { pci } from '@drvlint/kernel';
import { relay } from './store.js';
export function viaOtherFile(p: pci.Device) { relay(p); }
`,
};

function summaryOf(name: string) {
  const p = program(files);
  const view = Analysis.for(ts, p).view!;
  let fn: FunctionNode | undefined;
  for (const sf of p.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const visit = (n: ts.Node): void => {
      if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name?.getText() === name) fn = n;
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  if (!fn) throw new Error(`no function ${name}`);
  return view.summaries.of(fn);
}

describe('Summaries', () => {
  it('a parameter pushed into module-level storage reaches the world', () => {
    const s = summaryOf('keep');
    expect(s.params[0]?.map((e) => e.kind)).toEqual(['world']);
    expect(s.params[0]?.[0]?.where).toMatch(/all/);
  });

  it('composes through helpers, across files', () => {
    expect(summaryOf('relay').params[0]?.map((e) => e.kind)).toContain('world');
    expect(summaryOf('viaOtherFile').params[0]?.map((e) => e.kind)).toContain('world');
  });

  it("a value kept in the receiver's own storage is kept, marked as on this", () => {
    const effects = summaryOf('put').params[1] ?? [];
    expect(effects.some((e) => e.kind === 'kept' && e.onThis === true)).toBe(true);
  });

  it('a value stored into a parameter is kept', () => {
    expect(summaryOf('field').params[1]?.map((e) => e.kind)).toEqual(['kept']);
  });

  it('a value is followed however its name is spelled: a unicode escape, an alias, a closure', () => {
    for (const name of ['escaped', 'aliased', 'mentioned'])
      expect(
        summaryOf(name).params[0]?.map((e) => e.kind),
        name,
      ).toEqual(['world']);
  });

  it('a function that only reads its parameter does nothing with it, and recursion ends', () => {
    expect(summaryOf('pure').params[0] ?? []).toEqual([]);
    expect(summaryOf('recurse').params[0] ?? []).toEqual([]);
  });
});
