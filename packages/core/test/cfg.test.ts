// The control-flow graph and the every-path question, on real parsed code.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildCfg, certainCalls, firstUncoveredPath, type FunctionNode } from '@drvlint/core';

function fnOf(body: string): FunctionNode {
  const sf = ts.createSourceFile('x.ts', `function f(c: boolean, t: { cancel(): void }) {\n${body}\n}`, ts.ScriptTarget.ES2022, true);
  return sf.statements[0] as ts.FunctionDeclaration;
}

/** Whether `t.cancel()` runs on every path from entry to the given exit. */
function always(body: string, exit: 'return' | 'throw' = 'return'): boolean {
  const fn = fnOf(body);
  const cfg = buildCfg(ts, fn);
  const covered = (id: number) => certainCalls(ts, cfg.nodes[id]?.ast).some((c) => c.getText() === 't.cancel()');
  return firstUncoveredPath(cfg, cfg.entry, [exit === 'return' ? cfg.returnExit : cfg.throwExit], covered) === undefined;
}

describe('every path', () => {
  it('follows branches, loops and early exits', () => {
    expect(always('t.cancel();')).toBe(true);
    expect(always('if (c) t.cancel(); else t.cancel();')).toBe(true);
    expect(always('if (c) t.cancel();')).toBe(false);
    expect(always('if (c) return; t.cancel();')).toBe(false);
    expect(always('while (c) t.cancel();')).toBe(false);
    expect(always('do { t.cancel(); } while (c);')).toBe(true);
    expect(always('for (const x of [1]) t.cancel();')).toBe(false);
    expect(always('outer: for (;;) { if (c) break outer; t.cancel(); }')).toBe(false);
    expect(always('for (;;) { t.cancel(); if (c) break; }')).toBe(true);
  });

  it('follows switch fallthrough and default', () => {
    expect(always('switch (c) { case true: case false: t.cancel(); }')).toBe(false); // no default
    expect(always('switch (c) { case true: default: t.cancel(); }')).toBe(true);
    expect(always('switch (c) { case true: t.cancel(); break; default: }')).toBe(false);
  });

  it('follows try, catch and finally, and separates throws from returns', () => {
    expect(always('try { if (c) throw 1; } finally { t.cancel(); }')).toBe(true);
    expect(always('try { if (c) throw 1; } finally { t.cancel(); }', 'throw')).toBe(true);
    expect(always('try { if (c) throw 1; t.cancel(); } catch { }')).toBe(false);
    expect(always('try { if (c) throw 1; t.cancel(); } catch { t.cancel(); }')).toBe(true);
    expect(always('if (c) throw new Error();', 'throw')).toBe(false);
    expect(always('if (c) { t.cancel(); throw new Error(); }', 'throw')).toBe(true);
  });

  it('continues after finally the way the try was left', () => {
    // A finally shared by every way out once made this a path to return without the cancel.
    expect(always('try { c = !c; } finally { c = !c; } t.cancel();')).toBe(true);
    expect(always('for (;;) { try { if (c) break; } finally { c = !c; } } t.cancel();')).toBe(true);
    // break runs finally first, and a return there wins.
    expect(always('for (;;) { try { break; } finally { if (c) return; } } t.cancel();')).toBe(false);
    expect(always('try { return; } finally { t.cancel(); }')).toBe(true);
  });

  it('does not credit calls that may not run: &&, ||, ??, ?: and nested functions', () => {
    expect(always('c && t.cancel();')).toBe(false);
    expect(always('c || t.cancel();')).toBe(false);
    expect(always('void (c ? t.cancel() : 0);')).toBe(false);
    expect(always('const f = () => t.cancel();')).toBe(false);
    expect(always('(c && 1, t.cancel());')).toBe(true);
  });

  it('answers in linear time on 2^40 paths, where path counting would never finish', () => {
    const branches = Array.from({ length: 40 }, (_, i) => `if (c) { void ${i}; } else { void ${i + 1}; }`).join('\n');
    expect(always(`${branches}\nt.cancel();`)).toBe(true);
    expect(always(`${branches}\nif (c) t.cancel();`)).toBe(false);
    expect(buildCfg(ts, fnOf(branches)).nodes.length).toBeLessThan(200);
  });
});
