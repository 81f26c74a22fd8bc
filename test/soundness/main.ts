// `npm run soundness`: every mutant, the table, and what stops CI. A run of
// every mutant also writes docs/soundness/results.json, which docs/soundness.md
// shows (`npm run docs`).
//
//   npm run soundness                      every operator's mutants
//   npm run soundness -- <text>            only the mutants whose id contains <text>
//   npm run soundness -- --generated <N>   N generated fault programs (a random seed; SEED=… to repeat one)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { allowed } from './allowlist.js';
import { GeneratedOracle, isControl, nameOf, problemsOf, programs } from './generated.js';
import { runSoundness, table } from './harness.js';

const resultsFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/soundness/results.json');
const started = Date.now();
const seconds = (): number => Number(((Date.now() - started) / 1000).toFixed(1));

function saveResults(part: Record<string, unknown>): void {
  let old: Record<string, unknown> = {};
  try {
    old = JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run
  }
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ ...old, ...part }, null, 2)}\n`);
}

function generated(n: number): string[] {
  const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
  const judged = new GeneratedOracle().judge(fc.sample(programs, { seed, numRuns: n }));
  const unique = new Map(judged.map((j) => [nameOf(j.program), j]));
  const caught = [...unique.values()].filter((j) => j.runtime.violations.length > 0);
  const both = caught.filter((j) => j.static.findings.length > 0);
  const controls = [...unique.values()].filter((j) => isControl(j.program));
  const flagged = controls.filter((j) => j.static.findings.length > 0);
  console.log(
    `${unique.size} distinct generated programs (seed ${seed}) in ${seconds()} s: the core caught ${caught.length}, drvlint ${both.length} of those; ${controls.length} controls, ${flagged.length} flagged`,
  );
  if (n >= 500)
    saveResults({
      generated: {
        date: new Date().toISOString().slice(0, 10),
        seed,
        programs: unique.size,
        coreCaught: caught.length,
        bothCaught: both.length,
        controls: controls.length,
        controlsFlagged: flagged.length,
      },
    });
  return [...unique.values()].flatMap(problemsOf);
}

function operators(only: string | undefined): string[] {
  const run = runSoundness({ log: (l) => console.error(l), ...(only ? { only: (m) => m.id.includes(only) } : {}) });
  console.log(table(run.outcomes));
  const gaps = run.outcomes.filter((o) => o.verdict === 'runtime-only');
  console.log(
    `\n${run.outcomes.length} mutants in ${seconds()} s; ${gaps.length} runtime-only (${gaps.filter((o) => allowed(o.mutant.id)).length} allowlisted)`,
  );
  if (!only)
    saveResults({
      date: new Date().toISOString().slice(0, 10),
      cores: os.availableParallelism(),
      seconds: seconds(),
      table: table(run.outcomes),
    });
  return [
    ...run.baseline
      .filter((b) => b.runtime.violations.length > 0 || b.static.findings.length > 0)
      .map((b) => `baseline ${b.group} is not clean`),
    ...run.outcomes
      .filter((o) => o.static.typeErrors.length > 0)
      .map((o) => `${o.mutant.id} does not type-check: ${o.static.typeErrors[0]}`),
    ...run.outcomes
      .filter((o) => o.static.internalErrors.length > 0 || o.static.blind)
      .map((o) => `${o.mutant.id}: ${o.static.internalErrors[0] ?? o.static.blind}`),
    ...gaps
      .filter((o) => !allowed(o.mutant.id))
      .map((o) => `runtime-only: ${o.mutant.id} (${o.runtime.violations.map((v) => v.kind).join(', ')})`),
  ];
}

const args = process.argv.slice(2);
const at = args.indexOf('--generated');
const problems = at >= 0 ? generated(Number(args[at + 1] ?? 500)) : operators(args[0]);
for (const p of problems) console.log(`- ${p}`);
process.exitCode = problems.length > 0 ? 1 : 0;
