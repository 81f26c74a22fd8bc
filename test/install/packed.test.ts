// drvlint installed as a driver author installs it: every workspace packed
// with npm pack, the tarballs installed into a fresh project outside this
// workspace (its own node_modules, strict nodenext), and then, in that
// project, drvlint check in every format, ESLint with the README's config in
// both its project and projectService forms, and the project's own tsserver
// with the plugin. All three must give the same findings.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../cli/helpers.js';
import { TsServer } from '../ts-plugin/tsserver.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'drvlint-install-'));
const tarballs = path.join(work, 'tarballs');
const app = path.join(work, 'my-driver');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The README's Install section, verbatim.
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2022', 'esnext.disposable'],
    noEmit: true,
    plugins: [{ name: '@drvlint/ts-plugin' }],
  },
  include: ['src'],
};
const ESLINT_PROJECT = `import drvlint from 'eslint-plugin-drvlint';\n\nexport default [\n  drvlint.configs.recommended,\n  { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } } },\n];\n`;
const ESLINT_SERVICE = `import drvlint from 'eslint-plugin-drvlint';\n\nexport default [\n  drvlint.configs.recommended,\n  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },\n];\n`;

const DRIVER = `import { pci, module, type Core } from '@drvlint/kernel';

let last: pci.Device | undefined;

const driver = pci.driver({
  name: 'sample',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0]]),
  probe(pdev: pci.Device<Core>) {
    last = pdev;
    return { bar: pdev.iomapRegion(0, 'sample') };
  },
  unbind(pdev, self) {
    self.bar.tryAccess()?.write32(0, 0);
  },
});

export default module({ name: 'sample', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;
const EXPECTED = [
  'src/driver.ts:9:5 drvlint/core-context',
  'src/driver.ts:9:5 drvlint/no-escape',
  'src/driver.ts:13:5 drvlint/devres-access',
];

const run = (cmd: string, args: string[], cwd = app) => {
  try {
    return { code: 0, stdout: execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, stdout: x.stdout, stderr: x.stderr };
  }
};
const bin = (name: string) => path.join(app, 'node_modules/.bin', name);
const keyOf = (file: string, line: number, column: number, rule: string) =>
  `${path.relative(app, file).split(path.sep).join('/')}:${line}:${column} ${rule}`;
const order = (keys: string[]) =>
  [...keys].sort((a, b) => parseInt(a.split(':')[1] ?? '0', 10) - parseInt(b.split(':')[1] ?? '0', 10) || (a < b ? -1 : 1));

beforeAll(() => {
  mkdirSync(tarballs);
  execFileSync('npm', ['pack', '--workspaces', '--pack-destination', tarballs, '--silent'], { cwd: root, stdio: 'ignore' });
  const packed = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
  mkdirSync(path.join(app, 'src'), { recursive: true });
  const devDependencies: Record<string, string> = { typescript: '~6.0.3', eslint: '^10.15.0' };
  for (const t of packed)
    devDependencies[t.replace(/-\d+\.\d+\.\d+\.tgz$/, '').replace(/^drvlint-/, '@drvlint/')] = `file:${path.join(tarballs, t)}`;
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'my-driver', private: true, type: 'module', devDependencies }, null, 2),
  );
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(path.join(app, 'src/driver.ts'), DRIVER);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd: app, stdio: 'ignore' });
}, 300_000);

describe('installed from the packed tarballs into a project of its own', () => {
  it('packs every package, with a LICENSE and a README, and no build leftovers', () => {
    const names = readdirSync(tarballs).sort();
    expect(names).toEqual([
      'drvlint-cli-0.1.0.tgz',
      'drvlint-core-0.1.0.tgz',
      'drvlint-kernel-0.1.0.tgz',
      'drvlint-migrations-0.1.0.tgz',
      'drvlint-rules-0.1.0.tgz',
      'drvlint-ts-plugin-0.1.0.tgz',
      'eslint-plugin-drvlint-0.1.0.tgz',
    ]);
    for (const t of names) {
      const files = execFileSync('tar', ['-tzf', path.join(tarballs, t)], { encoding: 'utf8' }).split('\n');
      expect(files, t).toContain('package/LICENSE');
      expect(files, t).toContain('package/README.md');
      expect(
        files.filter((f) => /tsbuildinfo|\/test\//.test(f)),
        t,
      ).toEqual([]);
      // Metadata a registry page and the docs URLs rely on; internal ranges any 0.1.x satisfies.
      const pkg = JSON.parse(
        execFileSync('tar', ['-xOzf', path.join(tarballs, t), 'package/package.json'], { encoding: 'utf8' }),
      ) as Record<string, unknown> & { dependencies?: Record<string, string> };
      expect(pkg, t).toMatchObject({
        license: 'GPL-2.0-only',
        repository: { url: 'git+https://github.com/drvlint/drvlint.git' },
        bugs: { url: 'https://github.com/drvlint/drvlint/issues' },
      });
      for (const [dep, range] of Object.entries(pkg.dependencies ?? {}))
        if (/^@drvlint\/|typescript-eslint$/.test(dep)) expect(range, `${t} ${dep}`).toMatch(/^\^/);
      // Every source map points at a file the tarball ships.
      const unpacked = path.join(work, 'unpacked', t);
      mkdirSync(unpacked, { recursive: true });
      execFileSync('tar', ['-xzf', path.join(tarballs, t), '-C', unpacked]);
      for (const map of files.filter((f) => f.endsWith('.map'))) {
        const abs = path.join(unpacked, map);
        const sources = (JSON.parse(readFileSync(abs, 'utf8')) as { sources: string[] }).sources.map((s) =>
          path.resolve(path.dirname(abs), s),
        );
        expect(
          sources.filter((s) => !existsSync(s)),
          map,
        ).toEqual([]);
      }
    }
  });

  it("the type-check passes as the project has it (strict nodenext, the kernel's settings)", () => {
    expect(run(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '-p', '.']).code).toBe(0);
  });

  it('drvlint check gives the findings in every format, and exits 1', () => {
    const json = run(bin('drvlint'), ['check', '-f', 'json']);
    expect(json.code).toBe(1);
    const cli = (JSON.parse(json.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap(
      (f) => f.messages.map((m) => keyOf(f.filePath, m.line, m.column, m.ruleId)),
    );
    expect(order(cli)).toEqual(order(EXPECTED));
    const stylish = run(bin('drvlint'), ['check']);
    expect(stylish.stdout).toContain('✖ 3 problems (2 errors, 1 warning)');
    const sarif = JSON.parse(run(bin('drvlint'), ['check', '-f', 'sarif']).stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(3);
    expect(run(bin('drvlint'), ['check', '-f', 'github']).stdout.trim().split('\n')).toHaveLength(3);
  });

  it.each([
    ['project', ESLINT_PROJECT],
    ['projectService', ESLINT_SERVICE],
  ])('eslint with the README config (%s) agrees', (_form, config) => {
    writeFileSync(path.join(app, 'eslint.config.js'), config);
    const r = run(bin('eslint'), ['--format', 'json', '.']);
    expect(r.code).toBe(1);
    const eslint = (JSON.parse(r.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap(
      (f) => f.messages.map((m) => keyOf(f.filePath, m.line, m.column, m.ruleId)),
    );
    expect(order(eslint)).toEqual(order(EXPECTED));
  });

  it('eslint run from a subfolder finds the same (tsconfigRootDir)', () => {
    writeFileSync(path.join(app, 'eslint.config.js'), ESLINT_PROJECT);
    const r = run(bin('eslint'), ['--format', 'json', '.'], path.join(app, 'src'));
    const eslint = (JSON.parse(r.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap(
      (f) => f.messages.map((m) => keyOf(f.filePath, m.line, m.column, m.ruleId)),
    );
    expect(order(eslint)).toEqual(order(EXPECTED));
  });

  it("the project's own tsserver, with the plugin from its tsconfig, agrees", async () => {
    const server = new TsServer({ tsserver: path.join(app, 'node_modules/typescript/lib/tsserver.js') });
    try {
      const file = path.join(app, 'src/driver.ts');
      server.open(file);
      const byCode: Record<number, string> = {
        990001: 'drvlint/no-escape',
        990002: 'drvlint/core-context',
        990009: 'drvlint/devres-access',
      };
      const got = (await server.diagnostics(file))
        .filter((d) => d.source === 'drvlint')
        .map((d) => keyOf(file, d.start.line, d.start.offset, byCode[d.code] ?? String(d.code)));
      expect(order(got)).toEqual(order(EXPECTED));
    } finally {
      await server.close();
    }
  });
});
