// Teardown flow, tested directly: which teardowns a function performs on
// every path to its normal exit, through early returns, branches and helpers.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis, type FunctionNode, showPath } from '@drvlint/core';
import { program } from './program.js';

const source = `import { hrtimer } from '@drvlint/kernel';
export class Engine {
  constructor(readonly timer: hrtimer.Handle, readonly other: hrtimer.Handle) {}
  always() { this.timer.cancel(); }
  both(flag: boolean) { if (flag) this.timer.cancel(); else this.timer.cancel(); }
  oneBranch(flag: boolean) { if (flag) this.timer.cancel(); }
  earlyReturn(flag: boolean) { if (flag) return; this.timer.cancel(); }
  viaHelper() { stop(this.timer); }
  param(t: hrtimer.Handle) { t.cancel(); }
  inFinally() { try { this.other.cancel(); } finally { this.timer.cancel(); } }
}
function stop(t: hrtimer.Handle) { t.cancel(); }
`;

function teardowns(method: string): string[] {
  const p = program({ 'engine.ts': source });
  const view = Analysis.for(ts, p).view!;
  const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('engine.ts'))!;
  let fn: FunctionNode | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isMethodDeclaration(n) && n.name.getText() === method) fn = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!fn) throw new Error(`no method ${method}`);
  return view.teardownFlow
    .summaryOf(fn)
    .map((t) => `${showPath(t.path, typeof t.path.root === 'number' ? `arg${t.path.root}` : 'this')}.${t.method}`)
    .sort();
}

describe('TeardownFlow.summaryOf', () => {
  it('a teardown on the only path', () => {
    expect(teardowns('always')).toEqual(['this.timer.cancel']);
  });

  it('a teardown on both branches, but not on one', () => {
    expect(teardowns('both')).toEqual(['this.timer.cancel']);
    expect(teardowns('oneBranch')).toEqual([]);
  });

  it('an early return skips it', () => {
    expect(teardowns('earlyReturn')).toEqual([]);
  });

  it("a helper's teardown of its parameter counts at the call", () => {
    expect(teardowns('viaHelper')).toEqual(['this.timer.cancel']);
  });

  it('is rooted at a parameter, and counts what finally runs', () => {
    expect(teardowns('param')).toEqual(['arg0.cancel']);
    expect(teardowns('inFinally')).toEqual(['this.other.cancel', 'this.timer.cancel']);
  });
});
