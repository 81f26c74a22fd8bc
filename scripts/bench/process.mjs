// Whole processes, measured the one way every benchmark measures them: Node
// started with the entry's own start-up flags, the entry run through
// measure.mjs, CPU (user + system), the main thread's CPU, wall time and
// peak RSS.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The node flags an entry's first line starts it with (`#!/usr/bin/env -S node <flags>`), as a user's shell or npm's shim would. */
export function startFlags(entry) {
  const first = readFileSync(entry, 'utf8').split('\n')[0] ?? '';
  const m = /^#!\/usr\/bin\/env -S node\s+(.*)$/.exec(first);
  return m?.[1] ? m[1].trim().split(/\s+/) : [];
}

/** Clock ticks per second, the unit of Linux's per-thread CPU counters. */
const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '100';
})();

/**
 * One whole process of `entry` with `args` in `cwd`, node started with
 * `flags` (by default the entry's own): CPU seconds, the main thread's, wall
 * seconds, peak RSS in MiB. Throws when it does not finish or exits above
 * `maxCode`. `out` is a scratch file for measure.mjs's report.
 */
export function measureProcess({ entry, args, cwd, out, flags = startFlags(entry), maxCode = 1 }) {
  const t = process.hrtime.bigint();
  const p = spawnSync(process.execPath, [...flags, path.join(here, 'measure.mjs'), out, entry, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
    env: { ...process.env, CLK_TCK },
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const what = `${path.basename(entry)} ${args.join(' ')}`;
  let m;
  try {
    m = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    throw new Error(`${what} did not finish (status ${p.status}): ${p.stderr.toString().slice(0, 2000)}`);
  }
  if (m.code > maxCode) throw new Error(`${what} exited ${m.code}: ${p.stderr.toString().slice(0, 2000)}`);
  return { cpu: m.cpu, mainCpu: m.mainCpu, wall, rss: m.rssMiB };
}

/** Run each of `jobs` `rounds` times, interleaved, the order reversed every other round. */
export function interleaved(jobs, rounds) {
  const runs = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
  const names = Object.keys(jobs);
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 === 0 ? names : [...names].reverse()) runs[k].push(jobs[k]());
  }
  return runs;
}
