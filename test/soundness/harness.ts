// The soundness harness: every mutant of the clean drivers is run in the
// simulated driver core (the oracle) and analysed by drvlint, and classified
// by who caught it. A fault the core catches and drvlint misses is a
// soundness gap; see allowlist.ts for the few documented limits.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { type Group, dirsOf, groups } from './groups.js';
import { type Mutant, mutantsOf } from './mutants.js';
import { type FaultClass, operators } from './operators.js';
import type { RuntimeJob, RuntimeVerdict } from './runtime.js';
import { findSites } from './sites.js';
import { StaticOracle, type StaticVerdict } from './static-oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// From test/soundness or test/soundness/dist alike.
export const root = path.resolve(here, here.endsWith(`${path.sep}dist`) ? '../../..' : '../..');
export const srcDir = path.join(root, 'fixtures/drivers/src');
const distDir = path.join(root, 'fixtures/drivers/dist');

export type Verdict = 'both' | 'runtime-only' | 'static-only' | 'neither';

export interface Outcome {
  readonly mutant: Mutant;
  readonly verdict: Verdict;
  readonly runtime: RuntimeVerdict;
  readonly static: StaticVerdict;
}

export interface SoundnessRun {
  readonly outcomes: readonly Outcome[];
  /** What the core and drvlint say about the unmutated drivers: both must be clean. */
  readonly baseline: readonly { readonly group: string; readonly runtime: RuntimeVerdict; readonly static: StaticVerdict }[];
}

export interface SoundnessOptions {
  /** Keep one mutant in `sample` per operator and group (CI); all when undefined. */
  readonly sample?: number;
  readonly only?: (m: Mutant) => boolean;
  readonly log?: (line: string) => void;
}

export function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'fixtures/drivers/tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error('fixtures/drivers/tsconfig.json did not parse');
  // Checked in memory: nothing is written, and project-reference outputs are read as built.
  return {
    ...parsed.options,
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    incremental: false,
  };
}

/** Every mutant of every group, with the static oracle that made them ready for reuse. */
export function allMutants(oracle: StaticOracle): Mutant[] {
  const out: Mutant[] = [];
  for (const group of groups) {
    const { program, analysis } = oracle.program(group);
    const files = group.files.map((rel) => ({ rel, sf: program.getSourceFile(path.join(srcDir, rel))! }));
    if (!analysis.view) throw new Error(`no @drvlint/kernel in the clean program of ${group.files.join(', ')}`);
    const sites = findSites(ts, analysis.view, files);
    const textOf = (rel: string): string => files.find((f) => f.rel === rel)!.sf.text;
    out.push(...mutantsOf(operators, group, (op) => op.drafts(sites, textOf), textOf));
  }
  return out;
}

function sampled(mutants: readonly Mutant[], every: number): Mutant[] {
  const count = new Map<string, number>();
  return mutants.filter((m) => {
    const key = `${m.operator}/${m.group}`;
    const n = count.get(key) ?? 0;
    count.set(key, n + 1);
    return n % every === 0;
  });
}

/** Lay out `mutant`'s build as fixtures/drivers/dist: the clean group's modules, then its changed files compiled over them. */
export function writeBuild(dir: string, group: Group, mutant: Pick<Mutant, 'files'>, options: ts.CompilerOptions): void {
  for (const d of dirsOf(group))
    cpSync(path.join(distDir, d), path.join(dir, d), { recursive: true, filter: (f) => !f.endsWith('.map') && !f.endsWith('.d.ts') });
  for (const [rel, text] of mutant.files) {
    const js = ts.transpileModule(text, {
      compilerOptions: { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false },
      fileName: rel,
    }).outputText;
    const out = path.join(dir, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, js);
  }
}

export function runInCore(jobs: readonly RuntimeJob[], work: string): RuntimeVerdict[] {
  const jobsFile = path.join(work, 'jobs.json');
  const outFile = path.join(work, 'verdicts.json');
  writeFileSync(jobsFile, JSON.stringify(jobs));
  const runtime = path.join(root, 'test/soundness/dist/runtime.js');
  const r = spawnSync(process.execPath, ['--expose-gc', runtime, jobsFile, outFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`the run-time oracle failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as RuntimeVerdict[];
}

export function classify(runtime: RuntimeVerdict, stat: StaticVerdict): Verdict {
  const rt = runtime.violations.length > 0;
  const st = stat.findings.length > 0;
  return rt && st ? 'both' : rt ? 'runtime-only' : st ? 'static-only' : 'neither';
}

export function runSoundness(options: SoundnessOptions = {}): SoundnessRun {
  const log = options.log ?? (() => {});
  const oracle = new StaticOracle(ts, compilerOptions(), srcDir);
  let mutants = allMutants(oracle);
  if (options.sample !== undefined) mutants = sampled(mutants, options.sample);
  if (options.only) mutants = mutants.filter(options.only);
  log(`${mutants.length} mutants from ${operators.length} operators over ${groups.length} driver groups`);

  const byGroup = new Map(groups.map((g) => [g.name, g]));
  const statics = new Map<string, StaticVerdict>();
  const baselineStatic = new Map(groups.map((g) => [g.name, oracle.check(g, undefined)]));
  for (const m of mutants) statics.set(m.id, oracle.check(byGroup.get(m.group)!, m));
  log('static analysis done');

  const work = path.join(root, `test/.tmp-soundness-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const jobs: RuntimeJob[] = groups.map((g) => ({ id: `baseline:${g.name}`, dir: distDir, group: g.name }));
    mutants.forEach((m, i) => {
      const dir = path.join(work, `m${i}`);
      writeBuild(dir, byGroup.get(m.group)!, m, oracle.options);
      jobs.push({ id: m.id, dir, group: m.group });
    });
    const verdicts = new Map(runInCore(jobs, work).map((v) => [v.id, v]));
    log('run-time oracle done');
    return {
      baseline: groups.map((g) => ({ group: g.name, runtime: verdicts.get(`baseline:${g.name}`)!, static: baselineStatic.get(g.name)! })),
      outcomes: mutants.map((m) => {
        const runtime = verdicts.get(m.id)!;
        const stat = statics.get(m.id)!;
        return { mutant: m, runtime, static: stat, verdict: classify(runtime, stat) };
      }),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const VERDICTS: readonly Verdict[] = ['both', 'runtime-only', 'static-only', 'neither'];

/** The 2×2 table per operator (as counts in one row), grouped by fault class, as Markdown. */
export function table(outcomes: readonly Outcome[]): string {
  const rows = new Map<string, { fault: FaultClass; counts: Record<Verdict, number> }>();
  for (const o of outcomes) {
    const row = rows.get(o.mutant.operator) ?? {
      fault: o.mutant.fault,
      counts: { both: 0, 'runtime-only': 0, 'static-only': 0, neither: 0 },
    };
    row.counts[o.verdict]++;
    rows.set(o.mutant.operator, row);
  }
  const total: Record<Verdict, number> = { both: 0, 'runtime-only': 0, 'static-only': 0, neither: 0 };
  const lines = ['| fault class | operator | both caught | core only (a gap) | drvlint only | neither |', '|---|---|---|---|---|---|'];
  for (const [op, { fault, counts }] of rows) {
    lines.push(`| ${fault} | \`${op}\` | ${VERDICTS.map((v) => counts[v]).join(' | ')} |`);
    for (const v of VERDICTS) total[v] += counts[v];
  }
  lines.push(`| **all** | ${outcomes.length} mutants | ${VERDICTS.map((v) => `**${total[v]}**`).join(' | ')} |`);
  return lines.join('\n');
}
