// `npm run soundness`: every mutant, the table, and what stops CI. A run of
// every mutant also writes docs/soundness/results.json, which docs/soundness.md
// shows (`npm run docs`).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowed } from './allowlist.js';
import { runSoundness, table } from './harness.js';

const started = Date.now();
const only = process.argv[2];
const run = runSoundness({ log: (l) => console.error(l), ...(only ? { only: (m) => m.id.includes(only) } : {}) });
console.log(table(run.outcomes));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const gaps = run.outcomes.filter((o) => o.verdict === 'runtime-only');
const problems = [
  ...run.baseline
    .filter((b) => b.runtime.violations.length > 0 || b.static.findings.length > 0)
    .map((b) => `baseline ${b.group} is not clean`),
  ...run.outcomes.filter((o) => o.static.typeErrors.length > 0).map((o) => `${o.mutant.id} does not type-check: ${o.static.typeErrors[0]}`),
  ...run.outcomes
    .filter((o) => o.static.internalErrors.length > 0 || o.static.blind)
    .map((o) => `${o.mutant.id}: ${o.static.internalErrors[0] ?? o.static.blind}`),
  ...gaps
    .filter((o) => !allowed(o.mutant.id))
    .map((o) => `runtime-only: ${o.mutant.id} (${o.runtime.violations.map((v) => v.kind).join(', ')})`),
];
console.log(
  `\n${run.outcomes.length} mutants in ${seconds} s; ${gaps.length} runtime-only (${gaps.filter((o) => allowed(o.mutant.id)).length} allowlisted)`,
);
for (const p of problems) console.log(`- ${p}`);
if (!only) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/soundness');
  mkdirSync(dir, { recursive: true });
  const report = {
    date: new Date().toISOString().slice(0, 10),
    cores: os.availableParallelism(),
    seconds: Number(seconds),
    table: table(run.outcomes),
  };
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
}
process.exitCode = problems.length > 0 ? 1 : 0;
