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

/** A full GC that set a new old-generation limit: the factor it grew by, and why it ran. */
interface LimitGc {
  readonly factor: number;
  readonly reason: string;
}

/** Why V8 starts a full GC other than because a heap limit was reached (V8's `GarbageCollectionReason` names). */
const NOT_LIMITS = new Set(['memory reducer', 'idle task', 'external memory pressure', 'low memory notification', 'memory pressure']);

/**
 * The full GCs of a check in `cwd`, node started with `nodeFlags`, that the
 * heap's limits started, with the factor each grew the limit by.
 * - V8's memory reducer starts full GCs on a timer too, when the process
 *   allocates slowly, as a check on a loaded machine can seem to: those say
 *   nothing of the limits, and are left out.
 * - A scavenge can set the limits too, early on a loaded machine, where the
 *   first one runs before the mutator's speed is known: it is no full GC.
 * - The report goes to a file, so that stdout holds V8's trace alone.
 */
function limitGcs(cwd: string, nodeFlags: readonly string[]): LimitGc[] {
  const report = path.join(cwd, '..', `${path.basename(cwd)}.report.json`);
  const run = spawnSync(
    process.execPath,
    [...nodeFlags, '--trace-gc-verbose', '--trace-incremental-marking', bin, 'check', '-f', 'json', '-o', report],
    { cwd, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  expect(run.status, run.stderr).toBe(1); // the corpus has faults
  const gcs: LimitGc[] = [];
  let startedBy: string | undefined;
  let factor: number | undefined;
  for (const line of run.stdout.split('\n')) {
    startedBy = /\[IncrementalMarking\] Start \(([^)]*)\)/.exec(line)?.[1] ?? startedBy;
    const limit = /\[HeapController\] Limit: .*\(([\d.]+)\)$/.exec(line)?.[1];
    if (limit !== undefined) factor = Number(limit);
    // The GC's own line follows the limits it set, and ends with why it ran.
    const gc = /: (Scavenge|Mark-Compact|Minor Mark-Sweep) .*\) ([^;)]+);/.exec(line);
    if (gc === null) continue;
    const [, kind, own = ''] = gc;
    if (kind === 'Mark-Compact') {
      const reason = own.startsWith('finalize incremental marking') ? (startedBy ?? own) : own;
      if (factor !== undefined && !NOT_LIMITS.has(reason)) gcs.push({ factor, reason });
      startedBy = undefined;
    }
    factor = undefined;
  }
  // A limit no GC line followed is counted, not lost.
  if (factor !== undefined) gcs.push({ factor, reason: 'a limit with no GC line after it' });
  return gcs;
}

const limitFactors = (cwd: string, nodeFlags: readonly string[]): number[] => limitGcs(cwd, nodeFlags).map((gc) => gc.factor);

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
    expect(limitGcs(corpus, startFlags())).toEqual([]);
    expect(limitFactors(corpus, []).length).toBeGreaterThanOrEqual(2);
  });

  it('needs none either where the heap passes the 256 MB a smaller start would have made a full GC at', () => {
    const larger = path.join(tmp.dir, 'larger');
    writeCorpus(larger, 600, { seed: 1 });
    expect(limitGcs(larger, startFlags())).toEqual([]);
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
  /**
   * During a check of 100 drivers, node started with `nodeFlags`: how many
   * functions TurboFan compiled with something inlined into them, and how
   * many functions it inlined into each on average. The budget bounds the
   * second; the first depends on which functions get hot in time, which a
   * loaded machine changes, so totals are not compared.
   */
  function inlinings(cwd: string, nodeFlags: readonly string[]): { compiled: number; perFunction: number } {
    const run = spawnSync(
      process.execPath,
      [...nodeFlags, '--trace-turbo-inlining', bin, 'check', '-f', 'json', '-o', path.join(tmp.dir, 'inlining.json')],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    expect(run.status, run.stderr).toBe(1); // the corpus has faults
    const into = new Map<string, number>();
    for (const m of run.stdout.matchAll(/^Inlining 0x\S+ .* into 0x\S+ \{0x\S+ <SharedFunctionInfo ([^>]*)>\}/gm)) {
      const target = m[1] ?? '';
      into.set(target, (into.get(target) ?? 0) + 1);
    }
    const total = [...into.values()].reduce((a, b) => a + b, 0);
    return { compiled: into.size, perFunction: into.size === 0 ? 0 : total / into.size };
  }

  const small = path.join(tmp.dir, 'small');
  writeCorpus(small, 100, { seed: 1 });

  it("inlines far less into each function in a check started with the bin's compiler flag than with V8's default budget", () => {
    const compiler = startFlags().filter((f) => COMPILER_FLAGS.includes(f));
    expect(compiler).toEqual(COMPILER_FLAGS);
    const budgeted = inlinings(small, compiler);
    const unbudgeted = inlinings(small, []);
    expect(budgeted.compiled).toBeGreaterThan(100);
    expect(unbudgeted.compiled).toBeGreaterThan(100);
    expect(budgeted.perFunction).toBeLessThan(unbudgeted.perFunction * 0.75);
  });
});
