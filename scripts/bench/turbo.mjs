// `npm run bench:turbo [-- --drivers N]`: wall times of `turbo run drvlint`
// (examples/monorepo's setup) on 8 packages of the benchmark corpus, N drivers
// each, with a self-hosted remote cache on loopback: cold on machine A; fully
// cached on machine B, a second clone with an empty local cache, from the
// remote; and on A after a change to the helper package that half of the
// packages import. Writes docs/bench/turbo.json, which `npm run docs` renders
// into docs/performance.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exampleOf, remoteEnv, startRemoteCache, twoMachines } from '../monorepo/machines.mjs';
import { writeCorpus } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { drivers: { type: 'string', default: '125' } } });
const perPackage = Number(values.drivers);
const PACKAGES = 8;
const TOKEN = 'bench-token';

const work = mkdtempSync(path.join(os.tmpdir(), 'drvlint-bench-turbo-'));
const cache = await startRemoteCache(root, path.join(work, 'store'), TOKEN);

try {
  // The example's drivers give way to 8 packages of the benchmark corpus; the helper package stays.
  const { A, B } = twoMachines(root, work, (repo) => {
    for (const p of ['timer-a', 'timer-b', 'plain-c', 'plain-d']) rmSync(path.join(repo, 'packages', p), { recursive: true });
    for (let i = 0; i < PACKAGES; i++) {
      const dir = path.join(repo, 'packages', `bench-${i}`);
      writeCorpus(dir, perPackage, { seed: i + 1 });
      const usesHelper = i % 2 === 0;
      if (usesHelper) {
        writeFileSync(
          path.join(dir, 'src/with-helper.ts'),
          `import { type Core, hrtimer, module, pci } from '@drvlint/kernel';\nimport { quiesce } from '@drivers/helpers';\n\nconst driver = pci.driver({\n  name: 'bench_${i}_helper',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, ${0x700 + i}), 0]]),\n  probe(_pdev: pci.Device<Core>) {\n    return { timer: hrtimer.create(() => hrtimer.Restart.NoRestart).start(1_000_000) };\n  },\n  unbind(_pdev, self) {\n    quiesce(self.timer);\n  },\n});\n\nexport default module({ name: 'bench_${i}_helper', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
        );
      }
      writeFileSync(
        path.join(dir, 'package.json'),
        `${JSON.stringify(
          {
            name: `@drivers/bench-${i}`,
            version: '0.0.0',
            private: true,
            type: 'module',
            scripts: { drvlint: 'drvlint check src -f sarif -o drvlint.sarif --exit-zero' },
            ...(usesHelper ? { dependencies: { '@drivers/helpers': '*' } } : {}),
          },
          null,
          2,
        )}\n`,
      );
    }
  });
  const env = remoteEnv(cache.api, TOKEN);
  /** Wall seconds of `npm run drvlint`, as the docs run it (the gate fails on the corpus's seeded faults: that is its job). */
  const timed = (m) => {
    const t0 = process.hrtime.bigint();
    try {
      execFileSync('npm', ['run', 'drvlint', '--silent'], { cwd: exampleOf(m), env, stdio: 'ignore' });
    } catch {
      // the gate's exit 1
    }
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const cold = timed(A);
  const remote = timed(B);
  const helper = path.join(exampleOf(A), 'packages/helpers/src/index.ts');
  writeFileSync(helper, readFileSync(helper, 'utf8').replace('  timer.cancel();', '  void timer;'));
  const afterHelper = timed(A);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: os.cpus().length,
    packages: PACKAGES,
    driversPerPackage: perPackage,
    importingHelper: PACKAGES / 2,
    seconds: { cold: +cold.toFixed(1), remote: +remote.toFixed(1), afterHelperChange: +afterHelper.toFixed(1) },
  };
  mkdirSync(path.join(root, 'docs/bench'), { recursive: true });
  writeFileSync(path.join(root, 'docs/bench/turbo.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  cache.stop();
  rmSync(work, { recursive: true, force: true });
}
