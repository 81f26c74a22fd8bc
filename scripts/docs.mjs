// The tables in the docs, written from what they describe: the rules' and the
// transforms' metadata, the benchmark's last full run (docs/bench/results.json),
// the start-up flags' (docs/bench/flags.json), the monorepo benchmark's
// (docs/bench/turbo.json)
// and the soundness harness's (docs/soundness/results.json). Each sits between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; the prose around it
// is the docs' own.
//
//   node scripts/docs.mjs          rewrite the blocks
//   node scripts/docs.mjs --check  exit 1, naming the files, when a block is stale
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transforms } from '@drvlint/migrations';
import { rules } from '@drvlint/rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (f) => readFileSync(path.join(root, f), 'utf8');

/** `|` in a cell would end it. */
const cell = (s) => s.replace(/\|/g, '\\|');

function rulesTable(linkBase) {
  const lines = ['| rule | what it enforces | `recommended` | `strict` | autofix |', '|---|---|---|---|---|'];
  for (const r of Object.values(rules)) {
    const m = r.meta;
    lines.push(
      `| [\`${m.id}\`](${linkBase}${m.id}.md) | ${cell(m.description)} | ${m.presets.recommended} | ${m.presets.strict} | ${m.fixable ? 'yes' : ''} |`,
    );
  }
  return lines.join('\n');
}

function transformsTable(linkBase) {
  const lines = ['| transform | what it does |', '|---|---|'];
  for (const t of transforms) lines.push(`| [\`${t.id}\`](${linkBase}${t.id}.md) | ${cell(t.summary)} |`);
  return lines.join('\n');
}

function benchReport() {
  const r = JSON.parse(read('docs/bench/results.json'));
  return r.text.trim();
}

function turboReport() {
  const t = JSON.parse(read('docs/bench/turbo.json'));
  return [
    `On ${t.date} (${t.cpus} cores, Node ${t.node}): ${t.packages} packages of ${t.driversPerPackage} drivers each, ${t.importingHelper} of them importing the helper package.`,
    '',
    '| `npm run drvlint` (turbo, then the gate) | wall time |',
    '|---|---|',
    `| cold, machine A | ${t.seconds.cold} s |`,
    `| fully cached, machine B, from the remote | ${t.seconds.remote} s |`,
    `| after a change to the helper (${t.importingHelper} packages rerun) | ${t.seconds.afterHelperChange} s |`,
  ].join('\n');
}

function flagsReport() {
  const r = JSON.parse(read('docs/bench/flags.json'));
  const f2 = (x) => x.toFixed(2);
  const lines = [
    `On ${r.date} (${r.cores} cores, Node ${r.node}), ${r.drivers} drivers, medians of ${r.rounds}; the bin starts node with \`${r.flags.join(' ')}\`.`,
    '',
    '| mix | run | CPU s | main thread CPU s | wall s | peak RSS MiB | CPU, paired ratio to the bin | wall, paired ratio |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const m of r.mixes) {
    lines.push(
      `| ${m.mix} | as the bin starts it | ${f2(m.bin.cpu)} | ${f2(m.bin.mainCpu)} | ${f2(m.bin.wall)} | ${m.bin.rss.toFixed(0)} | 1 | 1 |`,
    );
    for (const [flag, w] of Object.entries(m.without))
      lines.push(
        `| ${m.mix} | without \`${flag}\` | ${f2(w.cpu)} | ${f2(w.mainCpu)} | ${f2(w.wall)} | ${w.rss.toFixed(0)} | ${f2(w.pairedCpuRatio)} | ${f2(w.pairedWallRatio)} |`,
      );
  }
  return lines.join('\n');
}

function soundnessReport() {
  const r = JSON.parse(read('docs/soundness/results.json'));
  return `Every mutant, on ${r.date} (${r.cores} cores, ${r.seconds} s):\n\n${r.table.trim()}`;
}

function generatedReport() {
  const g = JSON.parse(read('docs/soundness/results.json')).generated;
  if (!g) return 'No generated run is recorded yet: `npm run soundness -- --generated 1000`.';
  return [
    `On ${g.date}, seed ${g.seed}: ${g.programs} distinct generated programs.`,
    '',
    '| | programs |',
    '|---|---|',
    `| faults the core caught | ${g.coreCaught} |`,
    `| of those, caught by drvlint | ${g.bothCaught} |`,
    `| harmless controls | ${g.controls} |`,
    `| of those, flagged by drvlint | ${g.controlsFlagged} |`,
  ].join('\n');
}

/** Each file's blocks, by name. */
export const BLOCKS = {
  'README.md': { rules: () => rulesTable('rules/'), transforms: () => transformsTable('migrations/') },
  'docs/rules.md': { rules: () => rulesTable('../rules/') },
  'docs/migrations.md': { transforms: () => transformsTable('../migrations/') },
  'docs/performance.md': { bench: benchReport, flags: flagsReport, turbo: turboReport },
  'docs/soundness.md': { soundness: soundnessReport, generated: generatedReport },
};

/** `text` with each named block replaced by its content; throws when a block's markers are missing. */
export function render(file, text) {
  let out = text;
  for (const [name, make] of Object.entries(BLOCKS[file])) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`${file}: no ${open} … ${close} block`);
    out = `${out.slice(0, a + open.length)}\n${make()}\n${out.slice(b)}`;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const file of Object.keys(BLOCKS)) {
    const before = read(file);
    const after = render(file, before);
    if (after === before) continue;
    stale.push(file);
    if (!check) writeFileSync(path.join(root, file), after);
  }
  if (check && stale.length > 0) {
    console.error(`generated tables are stale in ${stale.join(', ')}: run npm run docs`);
    process.exitCode = 1;
  } else if (!check) console.log(stale.length > 0 ? `rewrote ${stale.join(', ')}` : 'docs are up to date');
}
