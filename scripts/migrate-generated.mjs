// `npm run migrate:generated -- N [SEED]`: drvlint migrate on N batches of
// generated legacy drivers (test/migrate/generated.test.ts), more than CI's
// sample. A failing batch is shrunk to the smallest and its full report is
// written to .vitest/migrate-generated-problems.txt.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [runs = '50', seed] = process.argv.slice(2);
if (!/^\d+$/.test(runs) || (seed !== undefined && !/^\d+$/.test(seed))) {
  console.error('usage: npm run migrate:generated -- [batches] [seed]');
  process.exit(2);
}
const problems = path.join(root, '.vitest/migrate-generated-problems.txt');
rmSync(problems, { force: true });
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/migrate/generated.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MIGRATE_GENERATED_RUNS: runs, PROBLEMS_FILE: problems, SHRINK: '1', ...(seed ? { SEED: seed } : {}) },
});
if (r.status !== 0) console.error(`drvlint migrate broke the contract on a generated batch: see ${path.relative(process.cwd(), problems)}`);
process.exit(r.status ?? 1);
