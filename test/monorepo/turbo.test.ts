// examples/monorepo as a build system runs it across machines: a real
// `turbo` and a real remote-cache server (turborepo-remote-cache) on
// loopback. Machine A is a clone of a repository holding the example and the
// packed tarballs; machine B a second clone elsewhere, with an empty local
// cache and the same remote. The cache key must cover every input in
// docs/monorepo.md's table: a key that misses one replays a stale clean
// result, which the last test shows by leaving one out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without typings.
import { exampleOf, remoteEnv, startRemoteCache, twoMachines } from '../../scripts/monorepo/machines.mjs';
import { root } from '../cli/helpers.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'drvlint-turbo-'));
let A = '';
let B = '';
const example = exampleOf as (machine: string) => string;
const TOKEN = 'drvlint-e2e-token';
const PACKAGES = ['plain-c', 'plain-d', 'timer-a', 'timer-b'] as const;
type Pkg = (typeof PACKAGES)[number];
let cache: { api: string; stop(): void } | undefined;

/** docs/monorepo.md's command, `npm run drvlint`, with the remote cache from the environment; each package's cache status. */
function drvlint(machine: string, env: Record<string, string> = {}): { gate: number; status: Record<Pkg, string> } {
  const dir = example(machine);
  let gate = 0;
  try {
    execFileSync('npm', ['run', 'drvlint', '--silent'], {
      cwd: dir,
      stdio: 'pipe',
      env: { ...(remoteEnv(cache?.api, TOKEN) as Record<string, string>), TURBO_RUN_SUMMARY: 'true', ...env },
    });
  } catch (e) {
    gate = (e as { status: number }).status;
  }
  const runs = path.join(dir, '.turbo/runs');
  const last = readdirSync(runs)
    .map((f) => path.join(runs, f))
    .sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs)
    .at(-1) as string;
  const summary = JSON.parse(readFileSync(last, 'utf8')) as {
    tasks: { taskId: string; cache: { status: string; local: boolean; remote: boolean } }[];
  };
  const status = Object.fromEntries(
    summary.tasks
      .filter((t) => t.taskId.endsWith('#drvlint'))
      .map((t) => [
        t.taskId.replace(/^@drivers\//, '').replace(/#drvlint$/, ''),
        t.cache.status === 'HIT' ? (t.cache.remote ? 'remote hit' : 'local hit') : 'miss',
      ]),
  ) as Record<Pkg, string>;
  return { gate, status };
}

const report = (machine: string, pkg: Pkg): string => readFileSync(path.join(example(machine), 'packages', pkg, 'drvlint.sarif'), 'utf8');
const rules = (machine: string, pkg: Pkg): string[] =>
  (JSON.parse(report(machine, pkg)) as { runs: { results: { ruleId: string }[] }[] }).runs.flatMap((r) => r.results.map((x) => x.ruleId));
const edit = (machine: string, rel: string, change: (text: string) => string) => {
  const file = path.join(example(machine), rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
};
const all = (s: string) => Object.fromEntries(PACKAGES.map((p) => [p, s]));

beforeAll(async () => {
  // Machine A: a repository with the example and the tarballs `npm run pack` writes, as the docs lay it out;
  // machine B: a second clone elsewhere, its own node_modules, and no local cache.
  ({ A, B } = twoMachines(root, work) as { A: string; B: string });
  cache = (await startRemoteCache(root, path.join(work, 'remote-store'), TOKEN)) as { api: string; stop(): void };
}, 300_000);

afterAll(() => {
  cache?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('docs/monorepo.md', () => {
  it("gives the example's turbo.json, package script and root script word for word", () => {
    const doc = readFileSync(path.join(root, 'docs/monorepo.md'), 'utf8');
    const turbo = doc.slice(doc.indexOf('## Turborepo'), doc.indexOf('## Nx'));
    const blocks = [...turbo.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);
    const ex = (rel: string) => JSON.parse(readFileSync(path.join(root, 'examples/monorepo', rel), 'utf8')) as Record<string, unknown>;
    expect(blocks[0]).toEqual(ex('turbo.json'));
    expect(blocks[1]).toEqual({ scripts: ex('packages/timer-a/package.json').scripts });
    expect(blocks[2]).toEqual({ scripts: ex('package.json').scripts });
  });
});

describe('examples/monorepo with turbo and a remote cache on loopback', () => {
  it('machine A runs every package and uploads; machine B replays every one from the remote, identically', () => {
    const a = drvlint(A);
    expect(a).toEqual({ gate: 0, status: all('miss') });
    const b = drvlint(B);
    expect(b).toEqual({ gate: 0, status: all('remote hit') });
    for (const p of PACKAGES) expect(report(B, p), p).toBe(report(A, p));
    for (const p of PACKAGES) expect(rules(A, p), p).toEqual([]);
  });

  it('a teardown moved out of the shared helper: exactly its importers rerun, with the finding; the gate fails', () => {
    edit(A, 'packages/helpers/src/index.ts', (t) => t.replace('  timer.cancel();', '  void timer;'));
    const a = drvlint(A);
    expect(a.status).toEqual({ 'plain-c': 'local hit', 'plain-d': 'local hit', 'timer-a': 'miss', 'timer-b': 'miss' });
    expect(a.gate).toBe(1);
    expect(rules(A, 'timer-a')).toEqual(['drvlint/required-teardown']);
    expect(rules(A, 'timer-b')).toEqual(['drvlint/required-teardown']);
  });

  it('a driver file changed in one package: only it reruns, and its remote entry carries the new finding', () => {
    const fault = (t: string) =>
      t
        .replace('    pdev.enableDeviceMem();', '    pdev.enableDeviceMem();\n    kept = pdev;')
        .replace(
          "import { type Core, module, pci } from '@drvlint/kernel';",
          "import { type Core, module, pci } from '@drvlint/kernel';\n\nlet kept: pci.Device | undefined;",
        );
    edit(A, 'packages/plain-c/src/driver.ts', fault);
    const a = drvlint(A);
    expect(a.status).toEqual({ 'plain-c': 'miss', 'plain-d': 'local hit', 'timer-a': 'local hit', 'timer-b': 'local hit' });
    expect(rules(A, 'plain-c')).toContain('drvlint/no-escape');
    // B with A's edits: everything from the remote, the new findings included.
    edit(B, 'packages/helpers/src/index.ts', (t) => t.replace('  timer.cancel();', '  void timer;'));
    edit(B, 'packages/plain-c/src/driver.ts', fault);
    const b = drvlint(B);
    // plain-d is unchanged since B's first run, which kept it in B's local cache.
    expect(b.status).toEqual({ 'plain-c': 'remote hit', 'plain-d': 'local hit', 'timer-a': 'remote hit', 'timer-b': 'remote hit' });
    expect(rules(B, 'plain-c')).toEqual(rules(A, 'plain-c'));
    expect(b.gate).toBe(1);
  });

  it.each([
    [
      'a package drvlint.config.json',
      () => writeFileSync(path.join(example(A), 'packages/plain-d/drvlint.config.json'), '{ "rules": { "no-escape": "warn" } }\n'),
      ['plain-d'],
    ],
    [
      "a package's tsconfig.json",
      () =>
        edit(A, 'packages/timer-b/tsconfig.json', (t) =>
          t.replace('"include"', '"compilerOptions": { "noUnusedLocals": false }, "include"'),
        ),
      ['timer-b'],
    ],
    [
      "a package's package.json",
      () => edit(A, 'packages/plain-c/package.json', (t) => t.replace('"private": true', '"private": true, "description": "c"')),
      ['plain-c'],
    ],
    [
      'the tsconfig every package extends',
      () => edit(A, 'tsconfig.base.json', (t) => t.replace('"strict": true', '"strict": true, "noFallthroughCasesInSwitch": true')),
      PACKAGES,
    ],
    [
      "the lockfile's @drvlint entries",
      () => edit(A, 'package-lock.json', (t) => t.replace(/("node_modules\/@drvlint\/cli": \{\s*"version": ")0\.1\.0/, '$10.1.1')),
      PACKAGES,
    ],
  ] as const)('%s: changing it reruns exactly the packages it affects', (_input, change, affected) => {
    change();
    const { status } = drvlint(A);
    expect(status).toEqual(
      Object.fromEntries(PACKAGES.map((p) => [p, (affected as readonly string[]).includes(p) ? 'miss' : 'local hit'])),
    );
  });

  it('the Node major version (NODE_VERSION): every package reruns', () => {
    expect(drvlint(A, { NODE_VERSION: '0' }).status).toEqual(all('miss'));
  });

  it('with an input of the key left out of turbo.json, a stale clean result is replayed', () => {
    const config = path.join(example(A), 'packages/timer-a/drvlint.config.json');
    const revision = (n: number) =>
      edit(A, 'packages/timer-a/src/driver.ts', (t) => `${t.replace(/^\/\/ revision \d+\n/, '')}`.replace(/^/, `// revision ${n}\n`));
    // timer-a's fault (the helper no longer cancels), silenced by its configuration: a clean result, cached.
    revision(1);
    writeFileSync(config, '{ "rules": { "required-teardown": "off" } }\n');
    expect(drvlint(A).status['timer-a']).toBe('miss');
    expect(rules(A, 'timer-a')).toEqual([]);
    // With the full key, turning the rule back on reruns the package and finds the fault.
    writeFileSync(config, '{ "rules": { "required-teardown": "error" } }\n');
    expect(drvlint(A).status['timer-a']).toBe('miss');
    expect(rules(A, 'timer-a')).toEqual(['drvlint/required-teardown']);
    // Without drvlint.config.json in the inputs: the same two steps, and the second replays the first's clean result.
    edit(A, 'turbo.json', (t) => t.replace(', "drvlint.config.json"', ''));
    revision(2);
    writeFileSync(config, '{ "rules": { "required-teardown": "off" } }\n');
    expect(drvlint(A).status['timer-a']).toBe('miss');
    writeFileSync(config, '{ "rules": { "required-teardown": "error" } }\n');
    const stale = drvlint(A);
    expect(stale.status['timer-a']).toBe('local hit');
    expect(rules(A, 'timer-a')).toEqual([]);
  });
});
