// The CLI's process starts its old generation at 2 GB, grows it by V8's
// largest factor and gives TurboFan a small inlining budget
// (packages/cli/src/start-flags.ts), all set by the bin's first line at
// start-up, never from inside the process.
// Checked on the real process: V8 itself reports every limit it sets and
// every function it inlines.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILER_FLAGS, HEAP_FLAGS, START_FLAGS } from '../../packages/cli/src/start-flags.js';
// @ts-expect-error: a plain ES module script, without typings.
import { writeCorpus } from '../../scripts/bench/corpus.mjs';
// @ts-expect-error: a plain ES module script, without typings.
import { startFlags as entryFlags } from '../../scripts/bench/process.mjs';
import { root, tempRoot } from './helpers.js';

const bin = path.join(root, 'packages/cli/bin/drvlint.js');
const tmp = tempRoot('start-flags');
afterAll(() => tmp.cleanup());

/** The node flags on the bin's first line, as `env -S` and npm's shims pass them (read as the benchmark reads them). */
const startFlags = (): string[] => entryFlags(bin) as string[];

/**
 * The growth factor of each old-generation limit V8 set during a check in
 * `cwd`, node started with `nodeFlags`, after a full GC the heap's limits
 * started. V8's memory reducer starts full GCs on a timer too, when the
 * process allocates slowly, as a check on a loaded machine can seem to: those
 * say nothing of the limits, and are left out.
 */
function limitFactors(cwd: string, nodeFlags: readonly string[]): number[] {
  const run = spawnSync(process.execPath, [...nodeFlags, '--trace-gc-verbose', '--trace-incremental-marking', bin, 'check', '-f', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(run.status, run.stderr).toBe(1); // the corpus has faults
  const factors: number[] = [];
  let startedBy: string | undefined;
  for (const line of run.stdout.split('\n')) {
    startedBy = /\[IncrementalMarking\] Start \(([^)]*)\)/.exec(line)?.[1] ?? startedBy;
    const limit = /\[HeapController\] Limit: .*\(([\d.]+)\)$/.exec(line);
    if (!limit) continue;
    if (startedBy === undefined || /limit/.test(startedBy)) factors.push(Number(limit[1]));
    startedBy = undefined;
  }
  return factors;
}

// Without the flags, V8's own factors after the program is loaded are well below 4x at this size.
const corpus = path.join(tmp.dir, 'corpus');
writeCorpus(corpus, 300, { seed: 1 });

describe('start-up flags', () => {
  it("are the bin's first line, which npm's shims (cmd-shim's `env -S`) carry too", () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${START_FLAGS.join(' ')}`);
    expect(startFlags()).toEqual([...HEAP_FLAGS, ...COMPILER_FLAGS]);
  });

  it('are all known to this Node: an unknown V8 flag would stop the CLI from starting', () => {
    const run = spawnSync(process.execPath, [...START_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('heap growth', () => {
  it('needs no full GC at this size, started as the bin starts; V8 left to itself makes two', () => {
    expect(startFlags().filter((f) => HEAP_FLAGS.includes(f))).toEqual(HEAP_FLAGS);
    expect(limitFactors(corpus, startFlags())).toEqual([]);
    expect(limitFactors(corpus, []).length).toBeGreaterThanOrEqual(2);
  });

  it('needs none either where the heap passes the 256 MB a smaller start would have made a full GC at', () => {
    const larger = path.join(tmp.dir, 'larger');
    writeCorpus(larger, 600, { seed: 1 });
    expect(limitFactors(larger, startFlags())).toEqual([]);
    const smallerStart = startFlags().map((f) => (f.startsWith('--initial-old-space-size=') ? '--initial-old-space-size=256' : f));
    expect(limitFactors(larger, smallerStart).length).toBeGreaterThanOrEqual(1);
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

describe('inlining budget', () => {
  /** How many times TurboFan inlined a function into another during a check of 100 drivers, node started with `nodeFlags`. */
  function inlinings(cwd: string, nodeFlags: readonly string[]): number {
    const run = spawnSync(process.execPath, [...nodeFlags, '--trace-turbo-inlining', bin, 'check', '-f', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    expect(run.status, run.stderr).toBe(1); // the corpus has faults
    return run.stdout.match(/^Inlining 0x/gm)?.length ?? 0;
  }

  const small = path.join(tmp.dir, 'small');
  writeCorpus(small, 100, { seed: 1 });

  it("inlines far less in a check started with the bin's compiler flag than with V8's default budget", () => {
    const compiler = startFlags().filter((f) => COMPILER_FLAGS.includes(f));
    expect(compiler).toEqual(COMPILER_FLAGS);
    const budgeted = inlinings(small, compiler);
    const unbudgeted = inlinings(small, []);
    expect(unbudgeted).toBeGreaterThan(1000);
    expect(budgeted).toBeLessThan(unbudgeted * 0.75);
  });
});
