// What the drvlint plugin adds to semantic diagnostics in the editor: a
// 500-line driver, a one-line edit, then semanticDiagnosticsSync, in a real
// tsserver with the plugin and in one without, side by side in one run.
// Prints medians and their ratio; `npm run bench:tsserver`. With COPIES=N the
// driver sits in a project that also holds N copies of the sample drivers
// (six drivers in seven files each), as an edit in a big project would.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { driver, pluginLatency } from './bench/tsserver.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const COPIES = Number(process.env.COPIES ?? 0);

const dir = mkdtempSync(path.join(root, 'test/.tmp-latency-'));
try {
  mkdirSync(path.join(dir, 'src'));
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
        types: [],
        noEmit: true,
      },
      include: ['src/**/*.ts'],
    }),
  );
  for (let i = 0; i < COPIES; i++)
    for (const part of ['samples', 'nova-core', 'nova-drm'])
      cpSync(path.join(root, 'fixtures/drivers/src', part), path.join(dir, 'src', `copy${i}`, part), { recursive: true });
  const text = driver();
  const file = path.join(dir, 'src/driver.ts');
  writeFileSync(file, text);
  const { without: ma, with: mb, findings, plainFindings } = await pluginLatency(root, file, text, ROUNDS);
  console.log(
    `driver: ${text.split('\n').length - 1} lines in a project with ${COPIES} copies of the sample drivers (${COPIES * 6} more drivers), ${ROUNDS} one-line edits, drvlint findings: ${findings} (without the plugin: ${plainFindings})`,
  );
  console.log(`semanticDiagnosticsSync after an edit, median: without plugin ${ma.toFixed(1)} ms, with plugin ${mb.toFixed(1)} ms`);
  console.log(`ratio with/without: ${(mb / ma).toFixed(2)}; added: ${(mb - ma).toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
