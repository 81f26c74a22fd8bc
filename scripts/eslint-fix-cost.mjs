// What `eslint --fix` costs against `eslint` with drvlint's recommended config, on
// COPIES copies of the sample and faulty drivers (the faulty ones have fixable
// findings), alternated and repeated in one process: `npm run bench:eslint-fix`.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-drvlint';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const copies = Number(process.env.COPIES ?? 10);
const dir = mkdtempSync(path.join(root, 'test/.tmp-eslintfix-'));
writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
writeFileSync(
  path.join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2022', 'esnext.disposable'],
      types: ['node'],
      noEmit: true,
    },
    include: ['src/**/*.ts'],
  }),
);
for (let i = 0; i < copies; i++)
  for (const part of ['samples', 'nova-core', 'nova-drm', 'faulty'])
    cpSync(path.join(root, 'fixtures/drivers/src', part), path.join(dir, 'src', `copy${i}`, part), { recursive: true });
const make = (fix) =>
  new ESLint({
    cwd: dir,
    fix,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.recommended,
      { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } } },
    ],
  });
try {
  for (const fix of [false, true, false, true]) {
    const t = performance.now();
    const results = await make(fix).lintFiles(['src/**/*.ts']);
    const ms = performance.now() - t;
    console.log(
      `${fix ? 'eslint --fix' : 'eslint      '}: ${results.length} files, ${results.reduce((n, r) => n + r.messages.length, 0)} messages left, ${results.filter((r) => r.output !== undefined).length} fixed, ${(ms / 1000).toFixed(1)} s`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
