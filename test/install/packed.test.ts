// drvlint installed as the README says, word for word: `npm run pack`
// writes the tarballs, and each install block of the README's Install section
// runs, as written, in a fresh project outside this workspace (its own
// node_modules, strict nodenext): one whose TypeScript is 6, and one whose
// `tsc` is TypeScript 7 with 6 kept for the tools. In each, drvlint check in
// every format, ESLint with the README's config in both its project and
// projectService forms, and the project's own tsserver with the plugin must
// give the same findings.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../cli/helpers.js';
import { TsServer } from '../ts-plugin/tsserver.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'drvlint-install-'));
const clone = path.join(work, 'drvlint');
const tarballs = path.join(clone, 'packed');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The commands of the README's install block `name`, as written. */
function installBlock(name: string): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- install:${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!m?.[1]) throw new Error(`README.md has no install block ${name}`);
  return m[1].trim().split('\n');
}

// The README's tsconfig, verbatim.
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

const PROJECTS = { 'typescript-6': path.join(work, 'driver-ts6'), 'typescript-7': path.join(work, 'driver-ts7') } as const;
type Flavour = keyof typeof PROJECTS;
const only7 = path.join(work, 'driver-only-ts7');

const run = (cmd: string, args: string[], cwd: string) => {
  try {
    return { code: 0, stdout: execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, stdout: x.stdout, stderr: x.stderr };
  }
};
const keyOf = (app: string, file: string, line: number, column: number, rule: string) =>
  `${path.relative(app, file).split(path.sep).join('/')}:${line}:${column} ${rule}`;
const order = (keys: string[]) =>
  [...keys].sort((a, b) => parseInt(a.split(':')[1] ?? '0', 10) - parseInt(b.split(':')[1] ?? '0', 10) || (a < b ? -1 : 1));

beforeAll(() => {
  // `npm run pack`, as the README's first block runs it, into a folder of its own.
  execFileSync('npm', ['run', 'pack', '--silent', '--', '--out', tarballs], { cwd: root, stdio: 'ignore' });
  // Config of npm itself, not the README's words: no audit or funding calls, the cache first.
  const env = { ...process.env, DRVLINT: clone, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true' };
  for (const [flavour, app] of Object.entries(PROJECTS)) {
    mkdirSync(path.join(app, 'src'), { recursive: true });
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'my-driver', private: true, type: 'module' }, null, 2));
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(path.join(app, 'src/driver.ts'), DRIVER);
    for (const line of installBlock(flavour)) execFileSync('sh', ['-c', line], { cwd: app, env, stdio: 'ignore' });
  }
  // How a project ends up with only TypeScript 7: npm's latest, past the peer ranges with --legacy-peer-deps.
  mkdirSync(path.join(only7, 'src'), { recursive: true });
  writeFileSync(path.join(only7, 'package.json'), JSON.stringify({ name: 'only-7', private: true, type: 'module' }));
  writeFileSync(path.join(only7, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(path.join(only7, 'src/driver.ts'), DRIVER);
  writeFileSync(path.join(only7, 'eslint.config.js'), ESLINT_SERVICE);
  const tgz = (name: string) => path.join(tarballs, readdirSync(tarballs).find((f) => f.startsWith(name)) as string);
  execFileSync(
    'npm',
    [
      'install',
      '--save-dev',
      '--legacy-peer-deps',
      'typescript@^7.0.2',
      'eslint',
      'typescript-eslint',
      tgz('drvlint-kernel'),
      tgz('drvlint-cli'),
      tgz('eslint-plugin-drvlint'),
    ],
    { cwd: only7, env, stdio: 'ignore' },
  );
}, 600_000);

describe('npm run pack', () => {
  it('writes the kernel and the three front ends, each front end carrying the internal packages it needs', () => {
    const names = readdirSync(tarballs)
      .filter((f) => f.endsWith('.tgz'))
      .sort();
    expect(names).toEqual([
      'drvlint-cli-0.1.0.tgz',
      'drvlint-kernel-0.1.0.tgz',
      'drvlint-ts-plugin-0.1.0.tgz',
      'eslint-plugin-drvlint-0.1.0.tgz',
    ]);
    expect(names).toEqual([
      'drvlint-cli-0.1.0.tgz',
      'drvlint-kernel-0.1.0.tgz',
      'drvlint-ts-plugin-0.1.0.tgz',
      'eslint-plugin-drvlint-0.1.0.tgz',
    ]);
    const bundled: Record<string, string[]> = {};
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
      ) as Record<string, unknown> & { dependencies?: Record<string, string>; bundleDependencies?: string[] };
      expect(pkg, t).toMatchObject({
        license: 'GPL-2.0-only',
        repository: { url: 'git+https://github.com/drvlint/drvlint.git' },
        bugs: { url: 'https://github.com/drvlint/drvlint/issues' },
      });
      for (const [dep, range] of Object.entries(pkg.dependencies ?? {}))
        if (/^@drvlint\/|typescript-eslint$/.test(dep)) expect(range, `${t} ${dep}`).toMatch(/^\^/);
      bundled[t] = pkg.bundleDependencies ?? [];
      // Hygiene: public scoped packages, found by keywords; type-only packages are no dependency of anyone.
      expect(pkg, t).toMatchObject({ publishConfig: { access: 'public' }, keywords: expect.arrayContaining(['linux', 'driver']) });
      expect(
        Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@types/')),
        t,
      ).toEqual([]);
      for (const dep of bundled[t]) expect(files, `${t} bundles ${dep}`).toContain(`package/node_modules/${dep}/package.json`);
      // Every source map points at a file the tarball ships.
      const unpacked = path.join(work, 'unpacked', t);
      mkdirSync(unpacked, { recursive: true });
      execFileSync('tar', ['-xzf', path.join(tarballs, t), '-C', unpacked]);
      // No published comment points at a file that does not ship (the repository's own contracts).
      const pointers = files
        .filter((f) => /\.(js|ts)$/.test(f))
        .filter((f) => /shared\/spec|rules\.md, Clarifications/.test(readFileSync(path.join(unpacked, f), 'utf8')));
      expect(pointers, t).toEqual([]);
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
    // typescript-eslint's plugin guide: utils as a dependency; the parser, eslint and typescript as peers.
    const eslintPlugin = JSON.parse(
      execFileSync('tar', ['-xOzf', path.join(tarballs, 'eslint-plugin-drvlint-0.1.0.tgz'), 'package/package.json'], { encoding: 'utf8' }),
    ) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    expect(Object.keys(eslintPlugin.peerDependencies).sort()).toEqual(['@typescript-eslint/parser', 'eslint', 'typescript']);
    expect(eslintPlugin.dependencies).toHaveProperty('@typescript-eslint/utils');
    expect(eslintPlugin.dependencies).not.toHaveProperty('typescript-eslint');
    expect(bundled).toEqual({
      'drvlint-cli-0.1.0.tgz': ['@drvlint/core', '@drvlint/migrations', '@drvlint/rules'],
      'drvlint-kernel-0.1.0.tgz': [],
      'drvlint-ts-plugin-0.1.0.tgz': ['@drvlint/core', '@drvlint/rules'],
      'eslint-plugin-drvlint-0.1.0.tgz': ['@drvlint/core', '@drvlint/rules'],
    });
  });
});

describe.each(Object.keys(PROJECTS) as Flavour[])("installed as the README's %s block says", (flavour) => {
  const app = PROJECTS[flavour];
  const bin = (name: string) => path.join(app, 'node_modules/.bin', name);
  const key = (file: string, line: number, column: number, rule: string) => keyOf(app, file, line, column, rule);

  // The README: TypeScript 7's compiler by its path; the tools' TypeScript 6 is the package named typescript.
  const tsc = flavour === 'typescript-7' ? path.join(app, 'node_modules/typescript7/bin/tsc') : bin('tsc');
  const tsserver =
    flavour === 'typescript-7'
      ? path.join(app, 'node_modules/@typescript/old/lib/tsserver.js')
      : path.join(app, 'node_modules/typescript/lib/tsserver.js');

  it('tsc is the TypeScript the block installs, and the type-check passes as the project has it', () => {
    expect(run(tsc, ['--version'], app).stdout).toMatch(flavour === 'typescript-7' ? /^Version 7\./ : /^Version 6\./);
    expect(run(tsc, ['-p', '.'], app)).toMatchObject({ code: 0 });
    const tools = JSON.parse(readFileSync(path.join(app, 'node_modules/typescript/package.json'), 'utf8')) as { version: string };
    expect(tools.version).toMatch(/^6\./);
  });

  it("drvlint checks with the project's TypeScript 6, and --version says so", () => {
    expect(run(bin('drvlint'), ['--version'], app).stdout).toMatch(
      /^0\.1\.0\nTypeScript 6\.0\.\d+ \(this project's, node_modules\/typescript\);/,
    );
  });

  it('drvlint check gives the findings in every format, and exits 1', () => {
    const json = run(bin('drvlint'), ['check', '-f', 'json'], app);
    expect(json.code).toBe(1);
    const cli = (JSON.parse(json.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap(
      (f) => f.messages.map((m) => key(f.filePath, m.line, m.column, m.ruleId)),
    );
    expect(order(cli)).toEqual(order(EXPECTED));
    const stylish = run(bin('drvlint'), ['check'], app);
    expect(stylish.stdout).toContain('✖ 3 problems (2 errors, 1 warning)');
    const sarif = JSON.parse(run(bin('drvlint'), ['check', '-f', 'sarif'], app).stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(3);
    expect(
      run(bin('drvlint'), ['check', '-f', 'github'], app)
        .stdout.split('\n')
        .filter((l) => l.startsWith('::')),
    ).toHaveLength(3);
  });

  it.each([
    ['project', ESLINT_PROJECT],
    ['projectService', ESLINT_SERVICE],
  ])('eslint with the README config (%s) agrees', (_form, config) => {
    writeFileSync(path.join(app, 'eslint.config.js'), config);
    const r = run(bin('eslint'), ['--format', 'json', '.'], app);
    expect(r.code).toBe(1);
    const eslint = (JSON.parse(r.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap(
      (f) => f.messages.map((m) => key(f.filePath, m.line, m.column, m.ruleId)),
    );
    expect(order(eslint)).toEqual(order(EXPECTED));
  });

  it('eslint run from a subfolder finds the same (tsconfigRootDir)', () => {
    writeFileSync(path.join(app, 'eslint.config.js'), ESLINT_PROJECT);
    const r = run(bin('eslint'), ['--format', 'json', '.'], path.join(app, 'src'));
    const eslint = (JSON.parse(r.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap(
      (f) => f.messages.map((m) => key(f.filePath, m.line, m.column, m.ruleId)),
    );
    expect(order(eslint)).toEqual(order(EXPECTED));
  });

  it("the project's own tsserver (TypeScript 6), with the plugin from its tsconfig, agrees", async () => {
    const server = new TsServer({ tsserver });
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
        .map((d) => key(file, d.start.line, d.start.offset, byCode[d.code] ?? String(d.code)));
      expect(order(got)).toEqual(order(EXPECTED));
    } finally {
      await server.close();
    }
  });
});

describe('conventions a user brings, in the installed TypeScript 6 project', () => {
  const app = PROJECTS['typescript-6'];
  const bin = (name: string) => path.join(app, 'node_modules/.bin', name);
  const ruleIdsOf = (stdout: string) =>
    (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[]).flatMap((f) =>
      f.messages.map((m) => `${path.relative(app, f.filePath)} ${m.ruleId}`),
    );

  it('ESLint is quiet on a driver-free tsconfig next to the drivers', () => {
    mkdirSync(path.join(app, 'tools'), { recursive: true });
    writeFileSync(path.join(app, 'tools/release.ts'), 'export const release = (v: string): string => `v${v}`;\n');
    writeFileSync(path.join(app, 'tools/tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: ['*.ts'] }));
    writeFileSync(
      path.join(app, 'eslint.config.js'),
      ESLINT_PROJECT.replace("project: './tsconfig.json'", "project: ['./tsconfig.json', './tools/tsconfig.json']"),
    );
    const r = run(bin('eslint'), ['--format', 'json', 'src', 'tools'], app);
    expect(ruleIdsOf(r.stdout).filter((k) => k.startsWith('tools/'))).toEqual([]);
    expect(ruleIdsOf(r.stdout)).toContain('src/driver.ts drvlint/no-escape');
  });

  it('eslint-disable-next-line drvlint/<id> -- reason silences the CLI too', () => {
    const file = path.join(app, 'src/silenced.ts');
    writeFileSync(
      file,
      DRIVER.replace(
        '    last = pdev;',
        '    // eslint-disable-next-line drvlint/no-escape, drvlint/core-context -- reviewed\n    last = pdev;',
      ),
    );
    try {
      const r = run(bin('drvlint'), ['check', '-f', 'json', 'src/silenced.ts'], app);
      expect(ruleIdsOf(r.stdout)).toEqual(['src/silenced.ts drvlint/devres-access']);
    } finally {
      rmSync(file);
    }
  });

  it('a path outside the tsconfig exits by the findings, not 2; globs and the tsconfig found from src/ work', () => {
    mkdirSync(path.join(app, 'scripts'), { recursive: true });
    writeFileSync(path.join(app, 'scripts/not-in-tsconfig.ts'), 'export const x = 1;\n');
    const r = run(bin('drvlint'), ['check', 'src/driver.ts', 'scripts/not-in-tsconfig.ts'], app);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('drvlint: skipped scripts/not-in-tsconfig.ts');
    expect(run(bin('drvlint'), ['check', '-f', 'json', 'src/**/*.ts'], app).code).toBe(1);
    const fromSrc = run(bin('drvlint'), ['check', '-f', 'json'], path.join(app, 'src'));
    expect(ruleIdsOf(fromSrc.stdout).sort()).toEqual(EXPECTED.map((e) => e.replace(/:\d+:\d+/, '')).sort());
  });

  it('--cache-location dir/ writes inside dir/; a drvlint.config.json with a comment and "ignores" is accepted', () => {
    expect(run(bin('drvlint'), ['check', '--cache', '--cache-location', 'cache-dir/'], app).code).toBe(1);
    expect(readdirSync(path.join(app, 'cache-dir'))).toEqual(['.drvlintcache']);
    writeFileSync(path.join(app, 'drvlint.config.json'), '{\n  // driver code only\n  "ignores": ["src/driver.ts"],\n}\n');
    try {
      const r = run(bin('drvlint'), ['check'], app);
      expect([r.code, r.stdout]).toEqual([0, '']);
    } finally {
      rmSync(path.join(app, 'drvlint.config.json'));
    }
  });
});

describe('a project with only TypeScript 7', () => {
  const advice =
    "this project's typescript is 7.0.2, which has no compiler API for tools (TypeScript 7 and later); keep TypeScript 6 for the tools next to it: npm install --save-dev typescript@npm:@typescript/typescript6@^6.0.2 typescript7@npm:typescript@^7.0.2";

  it('drvlint check says in one line what to install, and exits 2', () => {
    const r = run(path.join(only7, 'node_modules/.bin/drvlint'), ['check'], only7);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr?.split('\n').filter(Boolean)).toEqual([expect.stringContaining(`drvlint: ${advice}`)]);
  });

  it('ESLint stops on loading the plugin, with the same line', () => {
    const r = run(path.join(only7, 'node_modules/.bin/eslint'), ['.'], only7);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Error: drvlint: ${advice}`);
  });
});

describe('the VS Code extension', () => {
  it('contributes the plugin to a TypeScript outside the project, as VS Code starts tsserver, and follows drvlint.config.json', async () => {
    const vsix = path.join(tarballs, 'drvlint-vscode-0.1.0.vsix');
    const unpacked = path.join(work, 'vsix');
    mkdirSync(unpacked);
    execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'extension/package.json'), 'utf8')) as {
      contributes: { typescriptServerPlugins: { name: string }[] };
    };
    expect(manifest.contributes.typescriptServerPlugins.map((p) => p.name)).toEqual(['@drvlint/ts-plugin']);
    // A driver project with no plugin in node_modules or in its tsconfig: only the kernel it imports.
    const project = path.join(work, 'editor-only');
    mkdirSync(path.join(project, 'src'), { recursive: true });
    mkdirSync(path.join(project, 'node_modules/@drvlint'), { recursive: true });
    symlinkSync(path.join(PROJECTS['typescript-6'], 'node_modules/@drvlint/kernel'), path.join(project, 'node_modules/@drvlint/kernel'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'editor-only', private: true, type: 'module' }));
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, plugins: [] } }),
    );
    const file = path.join(project, 'src/driver.ts');
    writeFileSync(file, DRIVER);
    // As VS Code runs its bundled TypeScript: --globalPlugins with the extension folder as the probe location.
    const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: path.join(unpacked, 'extension') });
    try {
      server.open(file);
      const codes = async () =>
        (await server.diagnostics(file))
          .filter((d) => d.source === 'drvlint')
          .map((d) => d.code)
          .sort();
      expect(await codes()).toEqual([990001, 990002, 990009]);
      writeFileSync(path.join(project, 'drvlint.config.json'), JSON.stringify({ rules: { 'no-escape': 'off' } }));
      let after: number[] = [];
      for (let i = 0; i < 40 && after.length !== 2; i++) {
        await new Promise((r) => setTimeout(r, 250));
        after = await codes();
      }
      expect(after).toEqual([990002, 990009]);
    } finally {
      await server.close();
    }
  });
});
