// The CLI's process grows its heap by V8's largest factor (packages/cli/src/heap.ts).
// Checked on the real process: V8 itself reports every limit it sets.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heapGrowingFlag } from '../../packages/cli/src/heap.js';
// @ts-expect-error: a plain ES module script, without typings.
import { writeCorpus } from '../../scripts/bench/corpus.mjs';
import { root, tempRoot } from './helpers.js';

const bin = path.join(root, 'packages/cli/bin/drvlint.js');
const tmp = tempRoot('heap');
afterAll(() => tmp.cleanup());

/** The growth factor of each old-generation limit V8 set during a run of the CLI in `cwd`. */
function limitFactors(cwd: string, nodeFlags: readonly string[] = []): number[] {
  const run = spawnSync(process.execPath, [...nodeFlags, '--trace-gc-verbose', bin, 'check', '-f', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(run.status, run.stderr).toBe(1); // the corpus has faults
  return [...run.stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)$/gm)].map((m) => Number(m[1]));
}

describe('heap growth', () => {
  it('is set unless the process was started with its own', () => {
    expect(heapGrowingFlag([])).toBe('--heap-growing-percent=300');
    expect(heapGrowingFlag(['--max-old-space-size=4096', '--enable-source-maps'])).toBe('--heap-growing-percent=300');
    expect(heapGrowingFlag(['--heap-growing-percent=50'])).toBeUndefined();
    expect(heapGrowingFlag(['--heap_growing_percent=50'])).toBeUndefined();
    expect(heapGrowingFlag(['--heap-growing-percent', '50'])).toBeUndefined();
  });

  // Without the flag, V8's own factors after the program is loaded are well below 4x at this size.
  const corpus = path.join(tmp.dir, 'corpus');
  writeCorpus(corpus, 300, { seed: 1 });

  it('is 4x at every full GC of a check', () => {
    const factors = limitFactors(corpus);
    expect(factors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(factors)).toEqual(new Set([4]));
  });

  it("leaves a user's --heap-growing-percent alone", () => {
    expect(new Set(limitFactors(corpus, ['--heap-growing-percent=50']))).toEqual(new Set([1.5]));
  });
});
