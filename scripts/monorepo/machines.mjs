// examples/monorepo on two machines with a remote cache between them, as its
// end-to-end test and `npm run bench:turbo` both run it: machine A is a
// repository holding the example and the tarballs `npm run pack` writes,
// machine B a second clone elsewhere, each with its own node_modules; the
// remote cache is turborepo-remote-cache on a free loopback port.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The example's folder on a machine. */
export const exampleOf = (machine) => path.join(machine, 'examples/monorepo');

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=drvlint', '-c', 'user.email=drvlint@example.invalid', ...args], { cwd, stdio: 'pipe' });

const install = (machine) =>
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd: exampleOf(machine), stdio: 'ignore' });

/**
 * Machines A and B under `work`: the example copied from `root`, shaped by
 * `shape(exampleDir)` on A before anything is installed or committed.
 */
export function twoMachines(root, work, shape = () => {}) {
  const A = path.join(work, 'a');
  const B = path.join(work, 'b');
  mkdirSync(path.join(A, 'examples'), { recursive: true });
  execFileSync('npm', ['run', 'pack', '--silent', '--', '--out', path.join(A, 'packed')], { cwd: root, stdio: 'ignore' });
  cpSync(path.join(root, 'examples/monorepo'), exampleOf(A), { recursive: true });
  shape(exampleOf(A));
  install(A);
  git(A, 'init', '-q');
  git(A, 'add', '-A');
  git(A, 'commit', '-q', '-m', 'drivers');
  git(work, 'clone', '-q', A, B);
  install(B);
  return { A, B };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** turborepo-remote-cache on a free loopback port, storing in `store`, answering to `token`; resolves once it answers. */
export async function startRemoteCache(root, store, token) {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [path.join(root, 'node_modules/turborepo-remote-cache/dist/cli.js')], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      TURBO_TOKEN: token,
      STORAGE_PROVIDER: 'local',
      STORAGE_PATH: store,
      STORAGE_PATH_USE_TMP_FOLDER: 'false',
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${api}/v8/artifacts/status`, { headers: { authorization: `Bearer ${token}` } })).ok)
        return { api, stop: () => server.kill() };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the remote cache at ${api} did not start`);
}

/** The environment `npm run drvlint` reads the remote cache from, as docs/monorepo.md sets it. */
export function remoteEnv(api, token) {
  return {
    ...process.env,
    TURBO_API: api,
    TURBO_TOKEN: token,
    TURBO_TEAM: 'team_drivers',
    TURBO_TELEMETRY_DISABLED: '1',
    NODE_VERSION: process.versions.node.split('.')[0],
  };
}
