// What a whole-program drvlint run costs next to the type-check the
// project pays for anyway, at growing sizes, side by side in one process on
// the same ts.Program: the sample drivers copied N times, then
//   tsc:   program.getSemanticDiagnostics() for every file
//   all 9: one Analysis, every rule on every file, on a fresh program (what
//          the CLI does; it pays for the type queries it makes)
//   after tsc: the same on a program already type-checked (what ESLint and
//          the editor add, since they have checked the program anyway)
//   1 rule each, fresh: nine separate Analyses, one rule each. This is what
//          analysing once and sharing across rules saves.
// Prints medians over ROUNDS fresh programs per size; `npm run bench:analysis`.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Analysis } from '@drvlint/core';
import { rules } from '@drvlint/rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SIZES = (process.env.SIZES ?? '1,4,16').split(',').map(Number);
const PARTS = ['samples', 'nova-core', 'nova-drm', 'faulty'];

function corpus(copies) {
  const dir = mkdtempSync(path.join(root, 'test/.tmp-bench-'));
  for (let i = 0; i < copies; i++)
    for (const part of PARTS)
      cpSync(path.join(root, 'fixtures/drivers/src', part), path.join(dir, 'src', `copy${i}`, part), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const options = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    types: [],
    noEmit: true,
  };
  const files = ts.sys.readDirectory(path.join(dir, 'src'), ['.ts']);
  return { dir, files, options };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};

console.log(
  '| copies | files | lines | findings | tsc (semantic diagnostics) | drvlint, fresh program | ratio | drvlint after tsc | ratio | 9 rules in 9 analyses | saved by sharing |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const copies of SIZES) {
  const { dir, files, options } = corpus(copies);
  try {
    const tsc = [];
    const shared = [];
    const after = [];
    const separate = [];
    let lines = 0;
    let findings = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // A fresh program per measurement, so no run is served from another's checker cache.
      const fresh = () => ts.createProgram(files, options);
      const own = (p) => p.getSourceFiles().filter((f) => files.includes(f.fileName));
      {
        const p = fresh();
        tsc.push(time(() => own(p).forEach((f) => p.getSemanticDiagnostics(f)))[0]);
        lines = own(p).reduce((n, f) => n + f.getLineStarts().length, 0);
      }
      {
        const p = fresh();
        p.getTypeChecker();
        const [t, n] = time(() => {
          const a = Analysis.for(ts, p);
          let count = 0;
          for (const f of own(p)) for (const rule of Object.values(rules)) count += a.findings(f, rule).length;
          return count;
        });
        shared.push(t);
        findings = n;
      }
      {
        const p = fresh();
        own(p).forEach((f) => p.getSemanticDiagnostics(f));
        after.push(
          time(() => {
            const a = Analysis.for(ts, p);
            for (const f of own(p)) for (const rule of Object.values(rules)) a.findings(f, rule);
          })[0],
        );
      }
      {
        let total = 0;
        for (const rule of Object.values(rules)) {
          const p = fresh();
          p.getTypeChecker();
          total += time(() => {
            const a = Analysis.for(ts, p);
            for (const f of own(p)) a.findings(f, rule);
          })[0];
        }
        separate.push(total);
      }
    }
    const [t, s, a, x] = [median(tsc), median(shared), median(after), median(separate)];
    const ms = (v) => `${v.toFixed(0)} ms`;
    console.log(
      `| ${copies} | ${files.length} | ${lines} | ${findings} | ${ms(t)} | ${ms(s)} | ${(s / t).toFixed(2)} | ${ms(a)} | ${(a / t).toFixed(2)} | ${ms(x)} | ${(x / s).toFixed(1)}x |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
