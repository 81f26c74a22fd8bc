// `npm run bench:flags`: what each of the CLI's start-up flags
// (packages/cli/src/start-flags.ts) is worth. On each mix of the benchmark
// corpus, `drvlint check` runs as its bin starts it and, interleaved, with
// one flag left out at a time; each figure is the median of ROUNDS, and
// "paired" the median of each round's ratio to the bin's own run. Writes
// docs/bench/flags.json, which `npm run docs` renders into
// docs/performance.md.
//
//   SIZE=1000 ROUNDS=4 MIXES=base,calls,classes npm run bench:flags
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { MIXES as MIX_SHAPES, writeCorpus } from './corpus.mjs';
import { interleaved, measureProcess, startFlags } from './process.mjs';
import { median } from './tsserver.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIZE = Number(process.env.SIZE ?? 1000);
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 4));
const MIXES = (process.env.MIXES ?? 'base,calls,classes').split(',').filter(Boolean);
for (const m of MIXES)
  if (m !== 'base' && !(m in MIX_SHAPES)) throw new Error(`unknown mix '${m}': use base, ${Object.keys(MIX_SHAPES).join(', ')}`);

const bin = path.join(root, 'packages/cli/bin/drvlint.js');
const flags = startFlags(bin);
const work = path.join(root, 'test/.tmp-bench-flags');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const out = path.join(work, 'measure.json');

const report = {
  date: new Date().toISOString().slice(0, 10),
  cores: os.availableParallelism(),
  node: process.version,
  drivers: SIZE,
  rounds: ROUNDS,
  flags,
  mixes: [],
};

try {
  for (const mix of MIXES) {
    const dir = path.join(work, mix);
    writeCorpus(dir, SIZE, { seed: 1, mix });
    const check = (withFlags) => () => measureProcess({ entry: bin, args: ['check', '-f', 'json'], cwd: dir, out, flags: withFlags });
    const jobs = { bin: check(flags) };
    for (const f of flags) jobs[f] = check(flags.filter((g) => g !== f));
    const runs = interleaved(jobs, ROUNDS);
    const row = { mix, bin: summary(runs.bin), without: {} };
    for (const f of flags) {
      row.without[f] = {
        ...summary(runs[f]),
        pairedCpuRatio: median(runs[f].map((r, i) => r.cpu / runs.bin[i].cpu)),
        pairedWallRatio: median(runs[f].map((r, i) => r.wall / runs.bin[i].wall)),
      };
    }
    report.mixes.push(row);
    console.log(JSON.stringify(row));
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
// Written as prettier writes it, so that `npm run lint` passes on the file as the benchmark leaves it.
const file = path.join(root, 'docs/bench/flags.json');
writeFileSync(file, await prettier.format(JSON.stringify(report, null, 2), { ...(await prettier.resolveConfig(file)), filepath: file }));

function summary(runs) {
  const med = (k) => median(runs.map((r) => r[k]));
  return { cpu: med('cpu'), mainCpu: med('mainCpu'), wall: med('wall'), rss: med('rss'), runs };
}
