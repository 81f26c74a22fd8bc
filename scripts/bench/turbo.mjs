// `npm run bench:turbo [-- --drivers N]`: wall times of `turbo run drvlint`
// (examples/monorepo's setup) on 8 packages of the benchmark corpus, N drivers
// each, with a self-hosted remote cache on loopback: cold on machine A; fully
// cached on machine B, a second clone with an empty local cache, from the
// remote; and on A after a change to the helper package that half of the
// packages import. Writes docs/bench/turbo.json, which `npm run docs` renders
// into docs/performance.md.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { drivers: { type: 'string', default: '125' } } });
const perPackage = Number(values.drivers);
const PACKAGES = 8;
const TOKEN = 'bench-token';

const work = mkdtempSync(path.join(os.tmpdir(), 'drvlint-bench-turbo-'));
const A = path.join(work, 'a');
const B = path.join(work, 'b');
const repo = (m) => path.join(m, 'examples/monorepo');
const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], { cwd, stdio: 'pipe' });

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const api = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(root, 'node_modules/turborepo-remote-cache/dist/cli.js')], {
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    TURBO_TOKEN: TOKEN,
    STORAGE_PROVIDER: 'local',
    STORAGE_PATH: path.join(work, 'store'),
    STORAGE_PATH_USE_TMP_FOLDER: 'false',
    LOG_LEVEL: 'error',
  },
  stdio: 'ignore',
});

try {
  mkdirSync(path.join(A, 'examples'), { recursive: true });
  execFileSync('npm', ['run', 'pack', '--silent', '--', '--out', path.join(A, 'packed')], { cwd: root, stdio: 'ignore' });
  cpSync(path.join(root, 'examples/monorepo'), repo(A), { recursive: true });
  // The example's drivers give way to 8 packages of the benchmark corpus; the helper package stays.
  for (const p of ['timer-a', 'timer-b', 'plain-c', 'plain-d']) rmSync(path.join(repo(A), 'packages', p), { recursive: true });
  for (let i = 0; i < PACKAGES; i++) {
    const dir = path.join(repo(A), 'packages', `bench-${i}`);
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
  const install = (m) =>
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd: repo(m), stdio: 'ignore' });
  install(A);
  git(A, 'init', '-q');
  git(A, 'add', '-A');
  git(A, 'commit', '-q', '-m', 'bench');
  git(work, 'clone', '-q', A, B);
  install(B);
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${api}/v8/artifacts/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const env = {
    ...process.env,
    TURBO_API: api,
    TURBO_TOKEN: TOKEN,
    TURBO_TEAM: 'team_drivers',
    TURBO_TELEMETRY_DISABLED: '1',
    NODE_VERSION: process.versions.node.split('.')[0],
  };
  /** Wall seconds of `npm run drvlint`, as the docs run it (the gate fails on the corpus's seeded faults: that is its job). */
  const timed = (m) => {
    const t0 = process.hrtime.bigint();
    try {
      execFileSync('npm', ['run', 'drvlint', '--silent'], { cwd: repo(m), env, stdio: 'ignore' });
    } catch {
      // the gate's exit 1
    }
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const cold = timed(A);
  const remote = timed(B);
  const helper = path.join(repo(A), 'packages/helpers/src/index.ts');
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
  server.kill();
  rmSync(work, { recursive: true, force: true });
}
