// The CLI's process starts its old generation at 256 MB and grows it by V8's
// largest factor (packages/cli/src/heap.ts), set by the bin's first line at
// start-up, never from inside the process.
// Checked on the real process: V8 itself reports every limit it sets.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_FLAGS } from '../../packages/cli/src/heap.js';
// @ts-expect-error: a plain ES module script, without typings.
import { writeCorpus } from '../../scripts/bench/corpus.mjs';
import { root, tempRoot } from './helpers.js';

const bin = path.join(root, 'packages/cli/bin/drvlint.js');
const tmp = tempRoot('heap');
afterAll(() => tmp.cleanup());

/** The node flags on the bin's first line, as `env -S` and npm's shims pass them. */
const startFlags = (): string[] =>
  (readFileSync(bin, 'utf8').split('\n')[0] ?? '')
    .replace(/^#!\/usr\/bin\/env -S node\s*/, '')
    .split(/\s+/)
    .filter(Boolean);

/** The growth factor of each old-generation limit V8 set during a check in `cwd`, node started with `nodeFlags`. */
function limitFactors(cwd: string, nodeFlags: readonly string[]): number[] {
  const run = spawnSync(process.execPath, [...nodeFlags, '--trace-gc-verbose', bin, 'check', '-f', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(run.status, run.stderr).toBe(1); // the corpus has faults
  return [...run.stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)$/gm)].map((m) => Number(m[1]));
}

describe('heap growth', () => {
  it("is the bin's start-up flags, which npm's shims (cmd-shim's `env -S`) carry too", () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${HEAP_FLAGS.join(' ')}`);
  });

  // Without the flag, V8's own factors after the program is loaded are well below 4x at this size.
  const corpus = path.join(tmp.dir, 'corpus');
  writeCorpus(corpus, 300, { seed: 1 });

  it('needs no full GC at this size, started as the bin starts; V8 left to itself makes two', () => {
    expect(startFlags()).toEqual(HEAP_FLAGS);
    expect(limitFactors(corpus, startFlags())).toEqual([]);
    expect(limitFactors(corpus, []).length).toBeGreaterThanOrEqual(2);
  });

  it("is 4x at every full GC of a check started with the bin's growth flag", () => {
    const growth = startFlags().filter((f) => f.startsWith('--heap-growing-percent='));
    const factors = limitFactors(corpus, growth);
    expect(factors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(factors)).toEqual(new Set([4]));
  });

  it("leaves a caller's own flags alone: node --heap-growing-percent=50 drvlint.js", () => {
    expect(new Set(limitFactors(corpus, ['--heap-growing-percent=50']))).toEqual(new Set([1.5]));
  });
});
