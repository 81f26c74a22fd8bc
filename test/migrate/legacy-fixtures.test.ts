// drvlint migrate end to end on fixtures/legacy, in a temporary copy, with
// --write: the result type-checks, drvlint check finds nothing (the legacy
// bugs are fixed by the migration), every driver's lifecycle trace under its
// scenario equals the legacy driver's, a second run changes nothing, and the
// printed diff applies with git apply.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelModule } from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
import { legacyScenarios } from '../../fixtures/legacy/src/scenarios.js';
import { drvlint, root, tempRoot } from '../cli/helpers.js';
import { traceFile } from '../kernel/trace-files.js';

const tmp = tempRoot('migrate-legacy');
const dir = tmp.dir;
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
let diff = '';
let written = '';

beforeAll(async () => {
  cpSync(path.join(root, 'fixtures/legacy/src'), path.join(dir, 'src'), { recursive: true, filter: (f) => !f.endsWith('scenarios.ts') });
  cpSync(path.join(root, 'fixtures/legacy/drvlint.config.json'), path.join(dir, 'drvlint.config.json'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: {
        rootDir: 'src',
        outDir: 'dist',
        types: ['node'],
        composite: false,
        declaration: false,
        declarationMap: false,
        sourceMap: false,
      },
      include: ['src'],
    }),
  );
  diff = (await drvlint(dir, 'migrate')).stdout;
  written = (await drvlint(dir, 'migrate', '--write')).stdout;
}, 120_000);
afterAll(tmp.cleanup);

describe('drvlint migrate --write on fixtures/legacy', () => {
  it('migrates every transform the fixtures need, and reports the lost terminator as a bug fixed', () => {
    expect(written).toMatch(/^drvlint migrate: 11 files changed$/m);
    for (const id of ['core-internal', 'remove-to-unbind', 'device-removal', 'raw-id-table'])
      expect(written).toMatch(new RegExp(`^  ${id}: [1-9]\\d* files?, [1-9]\\d* sites? migrated, 0 left for a person$`, 'm'));
    expect(written).toMatch(/bug fixed: src\/faulty\/missing-terminator\.ts:\d+:\d+ this raw table had no ZERO terminator/);
    expect(readdirSync(path.join(dir, 'src')).some((f) => f.includes('drvlint-') && f.endsWith('.tmp'))).toBe(false);
  });

  it('leaves only the module whose init keeps real state, and names it with its reason', () => {
    expect(written).toMatch(/^ {2}registration: 10 files, 10 sites migrated, 1 left for a person$/m);
    expect(written).toMatch(
      /left: src\/shapes\/keeps-state\.ts:\d+:\d+ init does more than register drivers: it keeps module state, which a static module\(\{ drivers \}\) cannot; migrate it by hand/,
    );
    expect(readFileSync(path.join(dir, 'src/shapes/keeps-state.ts'), 'utf8')).toBe(
      readFileSync(path.join(root, 'fixtures/legacy/src/shapes/keeps-state.ts'), 'utf8'),
    );
  });

  it('leaves no legacy import, and the result type-checks', () => {
    for (const f of [
      'rust-driver-pci.ts',
      'rust-driver-platform.ts',
      'rust-driver-auxiliary.ts',
      'nova-core/driver.ts',
      'bus/drvdata.ts',
      'faulty/missing-terminator.ts',
      'shapes/state-returned.ts',
      'shapes/module-let.ts',
      'shapes/typed-alias.ts',
      'shapes/satisfies-platform.ts',
      'shapes/aux-parent-child.ts',
    ]) {
      expect(readFileSync(path.join(dir, 'src', f), 'utf8'), f).not.toContain('@drvlint/kernel/legacy');
    }
    expect(() => execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })).not.toThrow();
  });

  it('drvlint check finds nothing: the legacy bugs (a release in remove, a lost terminator) are gone with the migration', async () => {
    const r = await drvlint(dir, 'check', '-f', 'json');
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const messages = results.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)} ${m.ruleId}`));
    // The module left for a person still uses the legacy API, and says so.
    expect(messages.filter((m) => !m.startsWith('src/shapes/keeps-state.ts drvlint/no-legacy-api'))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("keeps every driver's lifecycle trace, except the one whose legacy module could not load", async () => {
    for (const s of legacyScenarios) {
      const url = pathToFileURL(path.join(dir, 'dist', s.file.replace(/\.ts$/, '.js'))).href;
      const mod = ((await import(url)) as { default: KernelModule }).default;
      const core = new DriverCore();
      s.run(core, mod);
      expect(core.report(), s.name).toEqual([]);
      const legacy = readFileSync(traceFile('fixtures/legacy', s.name), 'utf8');
      if (s.loadFails) {
        // The legacy module failed to load; the migrated one binds and unbinds.
        expect(legacy).not.toContain('probe ');
        expect(core.trace.filter((l) => / probe legacy_pci_watchdog ok$| unbind legacy_pci_watchdog done$/.test(l))).toHaveLength(2);
      } else {
        expect(`${core.trace.join('\n')}\n`, s.name).toBe(legacy);
      }
    }
  });

  it('is idempotent: a second run changes nothing, and --check exits 0', async () => {
    const again = await drvlint(dir, 'migrate', '--check');
    expect(again.stdout).toMatch(/^drvlint migrate: nothing to change$/m);
    expect(again.code).toBe(0);
  });

  it('the printed diff applies with git apply to the legacy sources, giving what --write wrote', () => {
    const repo = path.join(dir, 'apply');
    cpSync(path.join(root, 'fixtures/legacy/src'), path.join(repo, 'src'), { recursive: true, filter: (f) => !f.endsWith('scenarios.ts') });
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8', input: a[0] === 'apply' ? diff : undefined });
    git('init', '-q');
    git('apply', '--check', '-');
    git('apply', '-');
    for (const f of ['rust-driver-pci.ts', 'nova-core/driver.ts', 'bus/drvdata.ts', 'shapes/typed-alias.ts', 'shapes/state-returned.ts']) {
      expect(readFileSync(path.join(repo, 'src', f), 'utf8'), f).toBe(readFileSync(path.join(dir, 'src', f), 'utf8'));
    }
  });
});
