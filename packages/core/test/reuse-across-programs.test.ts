// What a file's calls run (Phases.calleeOf) and its narrowing roots
// (calls/narrowing.ts) are reused by a later program while the file and
// everything it imports are the same source file objects, as the file index
// is (program/reuse.ts): under `eslint --fix` or in an editor, each edit makes
// a program whose checker would otherwise be asked about every call again.
// Programs here reuse the source files of unchanged texts, as tsserver and
// typescript-eslint do.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis } from '../src/index.js';
import { narrowedRoots } from '../src/calls/narrowing.js';
import { possibleSignatures } from '../src/calls/possible-signatures.js';
import { callsIn, editedPrograms } from './program.js';

const next = editedPrograms('test/.virtual-narrowing');

const shapes = (isPredicate: boolean) =>
  `export class A {\n  m(): number {\n    return 1;\n  }\n}\nexport class A2 extends A {\n  override m(): number {\n    return 2;\n  }\n  only2(): void {}\n}\nexport function isA2(x: A): ${isPredicate ? 'x is A2' : 'boolean'} {\n  return x instanceof A2;\n}\n`;
const use = `import { type A, isA2 } from './shapes.js';\nexport function f(a: A): number {\n  return isA2(a) ? a.m() : 0;\n}\n`;

describe('narrowing across programs', () => {
  it('is reused while the file and its imports are unchanged, and read again when an import now declares a type predicate', () => {
    let asked = 0;
    const rootsIn = (p: ts.Program) => {
      const a = Analysis.for(ts, p);
      const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('/use.ts'))!;
      return narrowedRoots(ts, a.checker, sf, (c) => (asked++, a.checker.getTypeAtLocation(c.expression).getCallSignatures()));
    };
    const mCall = (p: ts.Program) => callsIn(p, 'use.ts').calls.find((c) => c.getText() === 'a.m()')!;
    const agrees = (p: ts.Program) => {
      const call = mCall(p);
      const resolved = p.getTypeChecker().getResolvedSignature(call)?.getDeclaration();
      return (possibleSignatures(ts, Analysis.for(ts, p).checker, call) ?? []).some((s) => s.getDeclaration() === resolved);
    };

    const p0 = next({ 'use.ts': use, 'shapes.ts': shapes(false), 'other.ts': 'export const o = 1;\n' });
    expect([...rootsIn(p0)]).toEqual([]);
    const first = asked;
    expect(first).toBeGreaterThan(0);
    expect(agrees(p0)).toBe(true);

    // An edit that use.ts does not import: a new program and checker, the same roots, and no question asked for them.
    const p1 = next({ 'use.ts': use, 'shapes.ts': shapes(false), 'other.ts': 'export const o = 2;\n' }, p0);
    expect(mCall(p1).getSourceFile()).toBe(mCall(p0).getSourceFile());
    expect([...rootsIn(p1)]).toEqual([]);
    expect(asked).toBe(first);

    // isA2 becomes a type predicate: use.ts is the same object, but what it imports is not, so its roots are read
    // again, `a` is narrowed, and the call's possible signatures include A2's `m`, which the checker resolves.
    const p2 = next({ 'use.ts': use, 'shapes.ts': shapes(true), 'other.ts': 'export const o = 2;\n' }, p1);
    expect(mCall(p2).getSourceFile()).toBe(mCall(p0).getSourceFile());
    expect([...rootsIn(p2)]).toEqual(['a']);
    expect(asked).toBeGreaterThan(first);
    expect(p2.getTypeChecker().getResolvedSignature(mCall(p2))?.getDeclaration()?.parent.getText()).toContain('class A2');
    expect(agrees(p2)).toBe(true);
  });

  it('reuses what a call runs while its file and imports are unchanged, and finds it again when an import changed', () => {
    const helpers = (body: string) => `export function helper(): number {\n  return ${body};\n}\n`;
    const caller = `import { helper } from './helpers.js';\nexport function g(): number {\n  return helper();\n}\n`;
    const kernelUse = `import { pci } from '@drvlint/kernel';\nexport const ids = pci.idTable([]);\n`;
    const files = (body: string, other: string) => ({
      'caller.ts': caller,
      'helpers.ts': helpers(body),
      'other.ts': other,
      'k.ts': kernelUse,
    });
    let asked = 0;
    const calleeIn = (p: ts.Program) => {
      // Every question the analysis asks goes to this checker (see node-cache.ts): count them.
      const checker = p.getTypeChecker() as unknown as Record<string, unknown>;
      for (const name of ['getTypeAtLocation', 'getSymbolAtLocation', 'getTypeOfSymbol', 'getResolvedSignature']) {
        const f = checker[name] as (...args: unknown[]) => unknown;
        checker[name] = (...args: unknown[]) => (asked++, f(...args));
      }
      const view = Analysis.for(ts, p).view!;
      const call = callsIn(p, 'caller.ts').calls.find((c) => c.getText() === 'helper()')!;
      const before = asked;
      const callee = view.calleeOf(call);
      return { callee, asked: asked - before };
    };
    const p0 = next(files('1', 'export const o = 1;\n'));
    const first = calleeIn(p0);
    expect(first.callee?.getText()).toContain('return 1');
    expect(first.asked).toBeGreaterThan(0);

    const p1 = next(files('1', 'export const o = 2;\n'), p0);
    const again = calleeIn(p1);
    expect(again.callee).toBe(first.callee);
    expect(again.asked).toBe(0);

    const p2 = next(files('2', 'export const o = 2;\n'), p1);
    const changed = calleeIn(p2);
    expect(changed.callee?.getText()).toContain('return 2');
    expect(changed.asked).toBeGreaterThan(0);
  });

  it('does not reuse a call through an ops table another file exports: a file the caller does not import may write it', () => {
    const table = `export interface Ops {\n  go(): number;\n}\nexport const ops: Ops = {\n  go() {\n    return 1;\n  },\n};\n`;
    const caller = `import { ops } from './table.js';\nexport function g(): number {\n  return ops.go();\n}\n`;
    const k = `import { pci } from '@drvlint/kernel';\nexport const ids = pci.idTable([]);\n`;
    const patch = `import { ops } from './table.js';\nexport function patch(): void {\n  ops.go = () => 2;\n}\n`;
    const calleeIn = (p: ts.Program) => {
      const call = callsIn(p, 'caller.ts').calls.find((c) => c.getText() === 'ops.go()')!;
      return Analysis.for(ts, p).view!.calleeOf(call)?.getText();
    };
    const p0 = next({ 'caller.ts': caller, 'table.ts': table, 'other.ts': 'export const o = 1;\n', 'k.ts': k });
    expect(calleeIn(p0)).toMatch(/^go\(\)/);
    // other.ts now writes through the table: caller.ts and table.ts are the same objects, and the call runs what
    // was assigned, which drvlint cannot tell.
    const p1 = next({ 'caller.ts': caller, 'table.ts': table, 'other.ts': patch, 'k.ts': k }, p0);
    expect(callsIn(p1, 'caller.ts').sf).toBe(callsIn(p0, 'caller.ts').sf);
    expect(calleeIn(p1)).toBeUndefined();
    const p2 = next({ 'caller.ts': caller, 'table.ts': table, 'other.ts': 'export const o = 1;\n', 'k.ts': k }, p1);
    expect(calleeIn(p2)).toMatch(/^go\(\)/);
  });
});
