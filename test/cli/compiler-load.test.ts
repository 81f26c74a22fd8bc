// Which copies of TypeScript a real drvlint process loads. `check` on a
// project with its own TypeScript builds its program with that compiler
// alone; ts-morph, which bundles a second copy, is loaded only by what edits
// files (--fix, migrate).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, tempRoot } from './helpers.js';

const bin = path.join(root, 'packages/cli/bin/drvlint.js');
const tmp = tempRoot('compiler-load');
afterAll(() => tmp.cleanup());

/** A preload that prints, at exit, every ts-morph or typescript module file the process loaded. */
const hook = path.join(tmp.dir, 'loaded.cjs');
writeFileSync(
  hook,
  `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const out = load.apply(this, arguments);
  try { const f = Module._resolveFilename(request, parent, isMain); if (/ts-morph|typescript\\.js$/.test(f)) seen.add(f); } catch {}
  return out;
};
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify([...seen]) + '\\n'));
`,
);

function loaded(args: readonly string[]): string[] {
  const run = spawnSync(process.execPath, ['--require', hook, bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no report from the preload: ${run.stderr}`);
  return (JSON.parse(line.slice('LOADED '.length)) as string[]).map((f) => path.relative(root, f));
}

describe('the compilers a process loads', () => {
  it('check: only the project’s TypeScript', () => {
    const files = loaded(['check', '-p', 'fixtures/drivers/tsconfig.json', '-f', 'json']);
    expect(files).toEqual(['node_modules/typescript/lib/typescript.js']);
  });

  it('migrate: ts-morph too, whose project makes the edits', () => {
    const files = loaded(['migrate', '-p', 'fixtures/legacy/tsconfig.json', '--check']);
    expect(files.some((f) => f.includes('ts-morph'))).toBe(true);
  });
});
