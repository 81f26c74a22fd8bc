// `npm run bench`: drvlint against the type-check the project pays for
// anyway, on the generated corpus (corpus.mjs) at growing sizes. Every tool
// runs as a whole process through measure.mjs, interleaved with the others
// (the order alternates each round), and each figure is the median of
// ROUNDS runs. Prints a markdown report and writes it, with the raw runs, to
// bench-results.json.
//
//   CPU ratio: of the medians; paired: the median of each round's drvlint/tsc, both run back to back
//   SIZES=100,500,1000,2000 ROUNDS=3 ESLINT_SIZE=1000 TSSERVER_SIZES=300,1000 npm run bench
//   JOBS_SIZE=1000 JOBS_PROJECTS=4: --jobs on the same drivers as a solution of that many projects
//   ESLINT_FIX_SIZE=300: `eslint --fix` against `eslint`, both with configs.recommended
//   MIXES=calls,classes,ported MIX_SIZES=1000,2000: the corpus's mixes of call shapes (corpus.mjs) and the drivers
//   written by hand (ported.mjs), each against tsc
//   EDITS=40 WARMUP_EDITS=20: the tsserver edits timed, after that many untimed ones
//   (an ESLINT_SIZE, ESLINT_FIX_SIZE, TSSERVER_SIZES or JOBS_SIZE of 0 skips that part)
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILER_FLAGS } from '../../packages/cli/dist/start-flags.js';
import { MIXES as MIX_SHAPES, writeCorpus, writeSolution } from './corpus.mjs';
import { writePorted } from './ported.mjs';
import { interleaved as interleavedRounds, measureProcess } from './process.mjs';
import { driver, median, pluginLatency } from './tsserver.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const SIZES = (process.env.SIZES ?? '100,500,1000,2000').split(',').map(Number);
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 3));
const ESLINT_SIZE = Number(process.env.ESLINT_SIZE ?? 1000);
const ESLINT_FIX_SIZE = Number(process.env.ESLINT_FIX_SIZE ?? 300);
// The editor's cost per edit on a smaller and a larger project (an editor must keep up on both); TSSERVER_SIZE is the older, single-size name.
const TSSERVER_SIZES = (process.env.TSSERVER_SIZES ?? process.env.TSSERVER_SIZE ?? '300,1000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const JOBS_SIZE = Number(process.env.JOBS_SIZE ?? 1000);
const JOBS_PROJECTS = Number(process.env.JOBS_PROJECTS ?? 4);
const EDITS = Number(process.env.EDITS ?? 40);
// Untimed edits first: an editor's servers live for hours, and the first edits of both pay the JIT's warm-up, which
// the report shows apart.
const WARMUP_EDITS = Number(process.env.WARMUP_EDITS ?? 20);
const SEED = Number(process.env.SEED ?? 1);
const MIXES = (process.env.MIXES ?? 'calls,classes,ported').split(',').filter((m) => m !== '' && m !== 'base');
const MIX_SIZES = (process.env.MIX_SIZES ?? '1000,2000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
// `ported` is not generated: the hand-written drivers of ported.mjs, copied, shaped like ports of real drivers.
const PORTED = 'ported';
for (const m of MIXES)
  if (!(m in MIX_SHAPES) && m !== PORTED) throw new Error(`unknown mix '${m}': use ${[...Object.keys(MIX_SHAPES), PORTED].join(', ')}`);
const work = path.join(root, 'test/.tmp-bench');

const entries = {
  tsc: path.join(path.dirname(require.resolve('typescript/package.json')), 'lib/tsc.js'),
  drvlint: path.join(root, 'packages/cli/bin/drvlint.js'),
  eslint: path.join(path.dirname(require.resolve('eslint/package.json')), 'bin/eslint.js'),
};

/** One whole process of `tool`: CPU seconds, wall seconds, peak RSS in MiB; node started with `flags` (the entry's own by default). */
function run(tool, args, cwd, flags = undefined) {
  // tsc exits 0 only with no errors; drvlint and ESLint exit 1 on findings (the corpus has faults), 2 on failure.
  return measureProcess({
    entry: entries[tool],
    args,
    cwd,
    out: path.join(work, `measure-${process.pid}.json`),
    maxCode: tool === 'tsc' ? 0 : 1,
    ...(flags ? { flags } : {}),
  });
}

const med = (runs, k) => median(runs.map((r) => r[k]));
/** V8's flag for collecting garbage on the main thread only. */
const ONE_THREAD_GC = '--single-threaded-gc';
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

/** Run each of `jobs` ROUNDS times, interleaved (see process.mjs). */
const interleaved = (jobs) => interleavedRounds(jobs, ROUNDS);

function corpus(n, mix = 'base') {
  const dir = path.join(work, mix === 'base' ? `corpus-${n}` : `corpus-${mix}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  if (mix === PORTED) {
    writePorted(dir, n);
    return { dir };
  }
  const m = writeCorpus(dir, n, { seed: SEED, mix });
  return { dir, ...m };
}

const report = {
  date: new Date().toISOString().slice(0, 10),
  cores: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
  rounds: ROUNDS,
  seed: SEED,
  sizes: [],
  mixes: [],
  eslint: undefined,
  tsserver: [],
};
mkdirSync(work, { recursive: true });
const lines = [];
const say = (s) => {
  lines.push(s);
  console.log(s);
};

// The fixed cost (Node, the compiler, lib.d.ts, the kernel's declarations) measured on the shared files alone, so the time per driver can be shown without it.
const empty = corpus(0);
const base = interleaved({
  tsc: () => run('tsc', ['-p', '.'], empty.dir),
  drvlint: () => run('drvlint', ['check', '-f', 'json'], empty.dir),
});
say(
  `drvlint ${report.date}, ${report.cores} cores (${report.cpu}), Node ${report.node}; medians of ${ROUNDS}; fixed cost with no drivers: tsc ${f2(med(base.tsc, 'cpu'))} s CPU, drvlint ${f2(med(base.drvlint, 'cpu'))} s CPU`,
);
say('');
say(
  '| drivers | lines | tsc CPU s | drvlint CPU s | CPU ratio | CPU ratio, paired | tsc wall s | drvlint wall s | wall ratio | peak RSS tsc / drvlint MiB | RSS ratio | CPU ms per driver above fixed cost, tsc / drvlint |',
);
say('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const n of SIZES) {
  const c = corpus(n);
  const runs = interleaved({ tsc: () => run('tsc', ['-p', '.'], c.dir), drvlint: () => run('drvlint', ['check', '-f', 'json'], c.dir) });
  const row = {
    drivers: n,
    lines: c.lines,
    tsc: { cpu: med(runs.tsc, 'cpu'), wall: med(runs.tsc, 'wall'), rss: med(runs.tsc, 'rss') },
    drvlint: { cpu: med(runs.drvlint, 'cpu'), wall: med(runs.drvlint, 'wall'), rss: med(runs.drvlint, 'rss') },
    runs,
    // Each round runs both back to back, so what the machine did meanwhile (it moves a tool's CPU by ±20% from round to round) cancels in that round's ratio.
    pairedCpuRatio: median(runs.drvlint.map((d, i) => d.cpu / runs.tsc[i].cpu)),
  };
  row.perDriverMs = ((row.drvlint.cpu - med(base.drvlint, 'cpu')) / n) * 1000;
  row.tscPerDriverMs = ((row.tsc.cpu - med(base.tsc, 'cpu')) / n) * 1000;
  report.sizes.push(row);
  say(
    `| ${n} | ${c.lines} | ${f1(row.tsc.cpu)} | ${f1(row.drvlint.cpu)} | ${f2(row.drvlint.cpu / row.tsc.cpu)} | ${f2(row.pairedCpuRatio)} | ${f1(row.tsc.wall)} | ${f1(row.drvlint.wall)} | ${f2(row.drvlint.wall / row.tsc.wall)} | ${row.tsc.rss.toFixed(0)} / ${row.drvlint.rss.toFixed(0)} | ${f2(row.drvlint.rss / row.tsc.rss)} | ${f1(row.tscPerDriverMs)} / ${f1(row.perDriverMs)} |`,
  );
  if (n !== ESLINT_SIZE && !TSSERVER_SIZES.includes(n)) rmSync(c.dir, { recursive: true, force: true });
}
if (report.sizes.length > 1) {
  const per = report.sizes.map((s) => s.perDriverMs);
  const mid = median(per);
  say('');
  const tscPer = report.sizes.map((s) => s.tscPerDriverMs);
  say(
    `drvlint CPU per driver: ${per.map(f1).join(', ')} ms; spread around the median ${f1(mid)} ms: ${((Math.min(...per) / mid - 1) * 100).toFixed(0)}% to +${((Math.max(...per) / mid - 1) * 100).toFixed(0)}% (tsc: ${tscPer.map(f1).join(', ')} ms); drvlint's per driver over tsc's: ${report.sizes.map((s) => f2(s.perDriverMs / s.tscPerDriverMs)).join(', ')}`,
  );
  // The empty project's run leaves out a cost that grows with use and then stops: the JIT compiling the hot code of the
  // compiler (and drvlint), which a small corpus pays in large part and a large one amortises. So even tsc's time per
  // driver above that fixed cost falls with size. What each further driver costs, between one size and the next, is
  // the measure of linearity: a tool that is linear adds the same per driver at every step.
  report.marginal = report.sizes.slice(1).map((s, i) => {
    const prev = report.sizes[i];
    const per = (tool) => ((s[tool].cpu - prev[tool].cpu) / (s.drivers - prev.drivers)) * 1000;
    // The same on the main thread alone: what is left is V8's background threads (its optimizing compiler and concurrent GC).
    const onMain = (tool) => {
      const [a, b] = [med(prev.runs[tool], 'mainCpu'), med(s.runs[tool], 'mainCpu')];
      return Number.isFinite(a) && Number.isFinite(b) ? ((b - a) / (s.drivers - prev.drivers)) * 1000 : undefined;
    };
    return {
      from: prev.drivers,
      to: s.drivers,
      drvlintMs: per('drvlint'),
      tscMs: per('tsc'),
      drvlintMainMs: onMain('drvlint'),
      tscMainMs: onMain('tsc'),
    };
  });
  const steps = report.marginal.map((m) => m.drvlintMs);
  const stepMid = median(steps);
  say(
    `CPU per further driver, from one size to the next (${report.marginal.map((m) => `${m.from}→${m.to}`).join(', ')}): drvlint ${steps.map(f1).join(', ')} ms, spread around the median ${f1(stepMid)} ms: ${((Math.min(...steps) / stepMid - 1) * 100).toFixed(0)}% to +${((Math.max(...steps) / stepMid - 1) * 100).toFixed(0)}%; tsc ${report.marginal.map((m) => f1(m.tscMs)).join(', ')} ms`,
  );
  if (report.marginal.every((m) => m.drvlintMainMs !== undefined && m.tscMainMs !== undefined)) {
    const main = report.marginal.map((m) => m.drvlintMainMs);
    const mainMid = median(main);
    say(
      `the same on the main thread alone: drvlint ${main.map(f1).join(', ')} ms, spread around the median ${f1(mainMid)} ms: ${((Math.min(...main) / mainMid - 1) * 100).toFixed(0)}% to +${((Math.max(...main) / mainMid - 1) * 100).toFixed(0)}%; tsc ${report.marginal.map((m) => f1(m.tscMainMs)).join(', ')} ms (the rest is V8's background threads: its optimizing compiler and concurrent GC)`,
    );
  }
}

if (MIXES.length > 0 && MIX_SIZES.length > 0) {
  // Code shaped unlike the base corpus: each mix against tsc, as the sizes above. `base` is the table above at the same sizes.
  say('');
  say('| mix | drivers | tsc CPU s | drvlint CPU s | CPU ratio | CPU ratio, paired | peak RSS tsc / drvlint MiB | RSS ratio |');
  say('|---|---|---|---|---|---|---|---|');
  for (const s of report.sizes.filter((x) => MIX_SIZES.includes(x.drivers)))
    say(
      `| base | ${s.drivers} | ${f1(s.tsc.cpu)} | ${f1(s.drvlint.cpu)} | ${f2(s.drvlint.cpu / s.tsc.cpu)} | ${f2(s.pairedCpuRatio)} | ${s.tsc.rss.toFixed(0)} / ${s.drvlint.rss.toFixed(0)} | ${f2(s.drvlint.rss / s.tsc.rss)} |`,
    );
  for (const mix of MIXES) {
    for (const n of MIX_SIZES) {
      const c = corpus(n, mix);
      const runs = interleaved({
        tsc: () => run('tsc', ['-p', '.'], c.dir),
        drvlint: () => run('drvlint', ['check', '-f', 'json'], c.dir),
      });
      const row = {
        mix,
        drivers: n,
        tsc: { cpu: med(runs.tsc, 'cpu'), rss: med(runs.tsc, 'rss') },
        drvlint: { cpu: med(runs.drvlint, 'cpu'), rss: med(runs.drvlint, 'rss') },
        pairedCpuRatio: median(runs.drvlint.map((d, i) => d.cpu / runs.tsc[i].cpu)),
        runs,
      };
      report.mixes.push(row);
      say(
        `| ${mix} | ${n} | ${f1(row.tsc.cpu)} | ${f1(row.drvlint.cpu)} | ${f2(row.drvlint.cpu / row.tsc.cpu)} | ${f2(row.pairedCpuRatio)} | ${row.tsc.rss.toFixed(0)} / ${row.drvlint.rss.toFixed(0)} | ${f2(row.drvlint.rss / row.tsc.rss)} |`,
      );
      rmSync(c.dir, { recursive: true, force: true });
    }
  }
}

/** The typed parser as both ESLint runs use it: the project service, rooted at the corpus. */
const PARSER_OPTIONS = `{ projectService: true, tsconfigRootDir: import.meta.dirname }`;
/** `eslint.drvlint.mjs`: drvlint's recommended config on the typed parser. */
function writeDrvlintEslintConfig(dir) {
  writeFileSync(
    path.join(dir, 'eslint.drvlint.mjs'),
    `import drvlint from 'eslint-plugin-drvlint';\nexport default [drvlint.configs.recommended, { languageOptions: { parserOptions: ${PARSER_OPTIONS} } }];\n`,
  );
}

if (ESLINT_SIZE > 0) {
  // The same ESLint, the same typed parser and project service, with and without drvlint's recommended rules.
  const dir = path.join(work, `corpus-${ESLINT_SIZE}`);
  const c = SIZES.includes(ESLINT_SIZE) ? { dir } : corpus(ESLINT_SIZE);
  writeFileSync(
    path.join(c.dir, 'eslint.base.mjs'),
    `import tseslint from 'typescript-eslint';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: ${PARSER_OPTIONS} } }];\n`,
  );
  writeDrvlintEslintConfig(c.dir);
  // What a typed-linting user already runs: typescript-eslint's recommendedTypeChecked, with and without drvlint's recommended on top.
  const typed = `import tseslint from 'typescript-eslint';\n${"import drvlint from 'eslint-plugin-drvlint';\n"}export default [...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })), DRVLINT{ files: ['**/*.ts'], languageOptions: { parserOptions: ${PARSER_OPTIONS} } }];\n`;
  writeFileSync(path.join(c.dir, 'eslint.typed.mjs'), typed.replace('DRVLINT', ''));
  writeFileSync(path.join(c.dir, 'eslint.typed-drvlint.mjs'), typed.replace('DRVLINT', 'drvlint.configs.recommended, '));
  const runs = interleaved({
    base: () => run('eslint', ['-c', 'eslint.base.mjs', 'src'], c.dir),
    drvlint: () => run('eslint', ['-c', 'eslint.drvlint.mjs', 'src'], c.dir),
    typed: () => run('eslint', ['-c', 'eslint.typed.mjs', 'src'], c.dir),
    typedDrvlint: () => run('eslint', ['-c', 'eslint.typed-drvlint.mjs', 'src'], c.dir),
    // The same two with node started with the CLI's inlining budget, as a user can start ESLint (V8 takes no such flag
    // from NODE_OPTIONS, nor from a plugin once the process runs).
    typedBudget: () => run('eslint', ['-c', 'eslint.typed.mjs', 'src'], c.dir, COMPILER_FLAGS),
    typedDrvlintBudget: () => run('eslint', ['-c', 'eslint.typed-drvlint.mjs', 'src'], c.dir, COMPILER_FLAGS),
    // With V8's GC on the main thread, the background threads run its optimizing compiler alone: what drvlint adds
    // splits into main-thread work (its analysis, the checker's answers, and collecting what they allocate) and
    // compiling. These runs also move far less between rounds than those with concurrent GC.
    typedOneThreadGc: () => run('eslint', ['-c', 'eslint.typed.mjs', 'src'], c.dir, [ONE_THREAD_GC]),
    typedDrvlintOneThreadGc: () => run('eslint', ['-c', 'eslint.typed-drvlint.mjs', 'src'], c.dir, [ONE_THREAD_GC]),
  });
  const compiler = (r) => r.cpu - r.mainCpu;
  report.eslint = {
    drivers: ESLINT_SIZE,
    base: med(runs.base, 'cpu'),
    drvlint: med(runs.drvlint, 'cpu'),
    typed: med(runs.typed, 'cpu'),
    typedDrvlint: med(runs.typedDrvlint, 'cpu'),
    pairedTypedRatio: median(runs.typedDrvlint.map((d, i) => d.cpu / runs.typed[i].cpu)),
    typedBudget: med(runs.typedBudget, 'cpu'),
    typedDrvlintBudget: med(runs.typedDrvlintBudget, 'cpu'),
    pairedBudgetRatio: median(runs.typedDrvlintBudget.map((d, i) => d.cpu / runs.typedBudget[i].cpu)),
    oneThreadGc: {
      typed: {
        cpu: med(runs.typedOneThreadGc, 'cpu'),
        main: med(runs.typedOneThreadGc, 'mainCpu'),
        compiler: median(runs.typedOneThreadGc.map(compiler)),
      },
      typedDrvlint: {
        cpu: med(runs.typedDrvlintOneThreadGc, 'cpu'),
        main: med(runs.typedDrvlintOneThreadGc, 'mainCpu'),
        compiler: median(runs.typedDrvlintOneThreadGc.map(compiler)),
      },
      pairedRatio: median(runs.typedDrvlintOneThreadGc.map((d, i) => d.cpu / runs.typedOneThreadGc[i].cpu)),
    },
    runs,
  };
  say('');
  say(
    `ESLint at ${ESLINT_SIZE} drivers, typed parser (project service), CPU: no drvlint rules ${f1(report.eslint.base)} s, configs.recommended ${f1(report.eslint.drvlint)} s, overhead ratio ${f2(report.eslint.drvlint / report.eslint.base)}`,
  );
  say(
    `ESLint at ${ESLINT_SIZE} drivers on top of typescript-eslint's recommendedTypeChecked, CPU: without drvlint ${f1(report.eslint.typed)} s, with configs.recommended ${f1(report.eslint.typedDrvlint)} s, overhead ratio ${f2(report.eslint.typedDrvlint / report.eslint.typed)} (paired ${f2(report.eslint.pairedTypedRatio)})`,
  );
  say(
    `The same, node started with ${COMPILER_FLAGS.join(' ')}: without drvlint ${f1(report.eslint.typedBudget)} s, with configs.recommended ${f1(report.eslint.typedDrvlintBudget)} s, overhead ratio ${f2(report.eslint.typedDrvlintBudget / report.eslint.typedBudget)} (paired ${f2(report.eslint.pairedBudgetRatio)}); with drvlint so started against recommendedTypeChecked alone on node's defaults, ${f2(report.eslint.typedDrvlintBudget / report.eslint.typed)}`,
  );
  const { typed: t, typedDrvlint: d, pairedRatio } = report.eslint.oneThreadGc;
  say(
    `Where that goes, node started with ${ONE_THREAD_GC} (the background threads then only compile): recommendedTypeChecked ${f1(t.cpu)} s (${f1(t.main)} s main thread, ${f1(t.compiler)} s compiling), with configs.recommended ${f1(d.cpu)} s (${f1(d.main)} s, ${f1(d.compiler)} s); drvlint adds ${f1(d.main - t.main)} s on the main thread and ${f1(d.compiler - t.compiler)} s of V8's optimizing compiler, ratio ${f2(d.cpu / t.cpu)} (paired ${f2(pairedRatio)})`,
  );
}

if (ESLINT_FIX_SIZE > 0) {
  // `eslint --fix` re-lints every fixed file on a new program, pass after pass: what that costs over a plain run.
  // Both run on a fresh copy of the corpus, since --fix writes to it.
  const c = corpus(ESLINT_FIX_SIZE);
  writeDrvlintEslintConfig(c.dir);
  const copy = path.join(work, `fix-${ESLINT_FIX_SIZE}`);
  const fresh = () => {
    rmSync(copy, { recursive: true, force: true });
    cpSync(c.dir, copy, { recursive: true });
    return copy;
  };
  const runs = interleaved({
    lint: () => run('eslint', ['-c', 'eslint.drvlint.mjs', 'src'], fresh()),
    fix: () => run('eslint', ['-c', 'eslint.drvlint.mjs', '--fix', 'src'], fresh()),
  });
  report.eslintFix = { drivers: ESLINT_FIX_SIZE, lint: med(runs.lint, 'cpu'), fix: med(runs.fix, 'cpu'), runs };
  say('');
  say(
    `eslint --fix at ${ESLINT_FIX_SIZE} drivers, configs.recommended, CPU: eslint ${f1(report.eslintFix.lint)} s, eslint --fix ${f1(report.eslintFix.fix)} s, ratio ${f2(report.eslintFix.fix / report.eslintFix.lint)}`,
  );
  rmSync(copy, { recursive: true, force: true });
  if (!TSSERVER_SIZES.includes(ESLINT_FIX_SIZE)) rmSync(c.dir, { recursive: true, force: true });
}

for (const TSSERVER_SIZE of TSSERVER_SIZES) {
  const dir = path.join(work, `corpus-${TSSERVER_SIZE}`);
  const c =
    SIZES.includes(TSSERVER_SIZE) || TSSERVER_SIZE === ESLINT_SIZE || TSSERVER_SIZE === ESLINT_FIX_SIZE ? { dir } : corpus(TSSERVER_SIZE);
  // Like every driver of the corpus, it uses the shared helpers, so the whole project is one import-connected group.
  const text = driver()
    .replace('pdev.info(`setup ${total}`);', "describe(pdev, 'setup', total);")
    .replace(/^/, "import { describe } from '../common/log.js';\n");
  const file = path.join(c.dir, 'src/edited/driver.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const t = await pluginLatency(root, file, text, EDITS, WARMUP_EDITS);
  report.tsserver.push({
    drivers: TSSERVER_SIZE,
    edits: EDITS,
    warmupEdits: WARMUP_EDITS,
    without: t.without,
    with: t.with,
    added: t.added,
    warmupAdded: t.warmupAdded,
  });
  say('');
  say(
    `tsserver at ${TSSERVER_SIZE} drivers, a ${text.split('\n').length - 1}-line driver, ${EDITS} one-line edits after ${WARMUP_EDITS} untimed ones, semantic diagnostics median: ${f1(t.without)} ms without the plugin, ${f1(t.with)} ms with it (${f2(t.with / t.without)}x); added per edit, median of the paired differences: ${f1(t.added)} ms (difference of the medians: ${f1(t.with - t.without)} ms)${t.warmupAdded === undefined ? '' : `; over the warm-up edits, ${f1(t.warmupAdded)} ms`}`,
  );
}

if (JOBS_SIZE > 0) {
  const dir = path.join(work, `solution-${JOBS_SIZE}`);
  rmSync(dir, { recursive: true, force: true });
  writeSolution(dir, JOBS_SIZE, JOBS_PROJECTS, { seed: SEED });
  const counts = [...new Set([1, 2, Math.min(4, report.cores)])];
  const runs = interleaved(
    Object.fromEntries(counts.map((j) => [`jobs ${j}`, () => run('drvlint', ['check', '-f', 'json', '--jobs', String(j)], dir)])),
  );
  const one = runs['jobs 1'];
  report.jobs = { drivers: JOBS_SIZE, projects: JOBS_PROJECTS, runs };
  say('');
  say(
    `--jobs at ${JOBS_SIZE} drivers in ${JOBS_PROJECTS} referenced projects, on ${report.cores} cores: ${counts.map((j) => `--jobs ${j} ${f1(med(runs[`jobs ${j}`], 'wall'))} s wall / ${f1(med(runs[`jobs ${j}`], 'cpu'))} s CPU / ${med(runs[`jobs ${j}`], 'rss').toFixed(0)} MiB`).join('; ')}; wall speedup of --jobs 2: ${f2(med(one, 'wall') / med(runs['jobs 2'], 'wall'))}x`,
  );
  rmSync(dir, { recursive: true, force: true });
}

// The README's run (the default sizes) is kept in docs/; a partial run goes to OUT or next to the corpus.
const full = process.env.SIZES === undefined && ROUNDS >= 3;
const out = process.env.OUT ?? (full ? path.join(root, 'docs/bench/results.json') : path.join(root, 'test/.tmp-bench-results.json'));
writeFileSync(out, `${JSON.stringify({ ...report, text: lines.join('\n') }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
