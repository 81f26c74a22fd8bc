// Never silently clean, in driver authors' own projects (temporary
// directories outside this workspace, with their own node_modules): when
// drvlint cannot see the kernel API, the CLI says so in one line and exits 2,
// ESLint gives one program-level message under drvlint/setup, and tsserver
// one diagnostic. A program that imports the kernel nowhere is an error for
// the CLI pointed at it, and nothing for ESLint and the editor. Two
// copies of @drvlint/kernel in one program (one nested under a helper that
// re-exports it) are both recognised.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-drvlint';
import { afterAll, describe, expect, it } from 'vitest';
import { drvlint, root } from '../cli/helpers.js';
import { TsServer } from '../ts-plugin/tsserver.js';
import { typedEslint } from '../eslint/typed-eslint.js';

const outside = mkdtempSync(path.join(os.tmpdir(), 'drvlint-own-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const TSCONFIG = {
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
};
const BUGGY = (from: string) =>
  `import { pci, module, type Core } from '${from}';\nlet last: pci.Device | undefined;\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    last = pdev.ref();\n    return {};\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`;

function ownProject(name: string, files: Record<string, string>): string {
  const dir = path.join(outside, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, type: 'module', private: true }));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  // The project's own TypeScript, as a driver project has it.
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules/typescript'), path.join(dir, 'node_modules/typescript'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

/** A copy of the built @drvlint/kernel package at `at`, as npm would install it, with its own version. */
function installKernel(at: string, version: string): void {
  cpSync(path.join(root, 'packages/kernel/dist'), path.join(at, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  const pkg = JSON.parse(readFileSync(path.join(root, 'packages/kernel/package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(at, 'package.json'), JSON.stringify({ ...pkg, version }));
}

async function eslintMessages(dir: string, files: string[]) {
  const eslint = await typedEslint(dir);
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId} ${m.message}`));
}

/** drvlint's diagnostics for `file` in a real tsserver with the plugin in the project's tsconfig, as `line:offset code category`. */
async function editorDiagnostics(dir: string, file: string): Promise<string[]> {
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, plugins: [{ name: '@drvlint/ts-plugin' }] } }),
  );
  const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: root });
  try {
    const abs = path.join(dir, file);
    server.open(abs);
    const ours = (await server.diagnostics(abs)).filter((d) => d.source === 'drvlint');
    return ours.map((d) => `${d.start.line}:${d.start.offset} ${d.code} ${d.category}`);
  } finally {
    await server.close();
  }
}

describe('when drvlint cannot see the kernel API', () => {
  it('@drvlint/kernel missing from node_modules: the CLI names the import and exits 2; ESLint says it once', async () => {
    const dir = ownProject('missing', { 'src/a.ts': BUGGY('@drvlint/kernel'), 'src/b.ts': BUGGY('@drvlint/kernel') });
    const r = await drvlint(dir, 'check');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^drvlint: src\/a\.ts:1:40: '@drvlint\/kernel' does not resolve \(tsc reports TS2307\), so drvlint cannot see the kernel API and checked nothing that uses it: install @drvlint\/kernel in this project\n$/,
    );
    const messages = (await eslintMessages(dir, ['src/a.ts', 'src/b.ts'])).filter((m) => m.includes('does not resolve'));
    expect(messages).toHaveLength(1);
    // Under its own id, not a rule's.
    expect(messages[0]).toMatch(/^src\/a\.ts:1 drvlint\/setup drvlint: '@drvlint\/kernel' does not resolve/);
  });

  it('no file imports the kernel: the CLI, pointed at it, says so and exits 2; ESLint and the editor, which meet every program, are quiet', async () => {
    const dir = ownProject('plain', { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' });
    const r = await drvlint(dir, 'check');
    expect([r.code, r.stderr]).toEqual([
      2,
      "drvlint: no file of this program imports @drvlint/kernel, so drvlint checked nothing: point it at the driver project's tsconfig (2 files seen)\n",
    ]);
    expect(await eslintMessages(dir, ['src/a.ts', 'src/b.ts'])).toEqual([]);
    expect(await editorDiagnostics(dir, 'src/a.ts')).toEqual([]);
  });

  it("a driver-free tsconfig next to the drivers' (tools, scripts) gets nothing from the preset; the drivers get their findings", async () => {
    const dir = ownProject('with-tools', {
      'src/a.ts': BUGGY('@drvlint/kernel'),
      'tools/release.ts': 'export const release = (v: string): string => `v${v}`;\n',
      'tools/tsconfig.json': JSON.stringify({ ...TSCONFIG, include: ['*.ts'] }),
    });
    installKernel(path.join(dir, 'node_modules/@drvlint/kernel'), '0.1.0');
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        plugin.configs.recommended,
        { languageOptions: { parserOptions: { project: ['./tsconfig.json', './tools/tsconfig.json'], tsconfigRootDir: dir } } },
      ],
    });
    const results = await eslint.lintFiles(['src/a.ts', 'tools/release.ts']);
    const byFile = Object.fromEntries(results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.ruleId)]));
    expect(byFile['tools/release.ts']).toEqual([]);
    expect(byFile['src/a.ts']).toContain('drvlint/no-escape');
  });

  it('only an entry point such as @drvlint/kernel/legacy is imported, never the package: says so, exit 2, and one ESLint message', async () => {
    const legacyOnly = "import { Revocable } from '@drvlint/kernel/legacy';\nexport const r = new Revocable(1);\n";
    const dir = ownProject('entry-points-only', { 'src/a.ts': legacyOnly, 'src/b.ts': legacyOnly });
    installKernel(path.join(dir, 'node_modules/@drvlint/kernel'), '0.1.0');
    const r = await drvlint(dir, 'check');
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      "drvlint: this program imports only entry points of @drvlint/kernel (such as @drvlint/kernel/legacy), never the package itself, so drvlint cannot find the kernel API and checked nothing: import from '@drvlint/kernel' in one file\n",
    ]);
    expect(
      (await eslintMessages(dir, ['src/a.ts', 'src/b.ts'])).filter((m) =>
        m.includes('drvlint/setup drvlint: this program imports only entry points'),
      ),
    ).toHaveLength(1);
  });

  it('no standard library (noLib): facts about Map, Promise and arrays would be wrong, so one line, exit 2, and one ESLint message', async () => {
    const dir = ownProject('nolib', { 'src/a.ts': BUGGY('@drvlint/kernel'), 'node_modules/.keep': '' });
    installKernel(path.join(dir, 'node_modules/@drvlint/kernel'), '0.1.0');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, noLib: true, lib: undefined } }),
    );
    const r = await drvlint(dir, 'check');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(
      /^drvlint: TypeScript's standard library is missing from this program \(tsc reports TS2318: Cannot find global type '\w+'\.\), so drvlint cannot tell what a Map, Promise or array holds and checked nothing: fix the tsconfig's "lib" or "noLib"\n$/,
    );
    expect((await eslintMessages(dir, ['src/a.ts'])).filter((m) => m.includes('standard library is missing'))).toHaveLength(1);
  });

  it('tsserver shows one diagnostic, at the import that does not resolve', async () => {
    const dir = ownProject('editor', { 'src/a.ts': BUGGY('@drvlint/kernel') });
    expect(await editorDiagnostics(dir, 'src/a.ts')).toEqual(['1:40 990098 error']);
  });
});

describe('two copies of @drvlint/kernel in one program', () => {
  it('a driver importing through a helper that re-exports a nested copy is checked like one importing the root copy', async () => {
    const dir = ownProject('two-copies', {
      'src/direct.ts': BUGGY('@drvlint/kernel'),
      'src/via-helper.ts': BUGGY('helper'),
      'node_modules/helper/package.json': JSON.stringify({
        name: 'helper',
        version: '1.0.0',
        type: 'module',
        exports: { '.': { types: './index.d.ts', default: './index.js' } },
      }),
      'node_modules/helper/index.d.ts': "export * from '@drvlint/kernel';\n",
      'node_modules/helper/index.js': "export * from '@drvlint/kernel';\n",
    });
    installKernel(path.join(dir, 'node_modules/@drvlint/kernel'), '0.1.0');
    installKernel(path.join(dir, 'node_modules/helper/node_modules/@drvlint/kernel'), '0.1.1');
    const r = await drvlint(dir, 'check', '-f', 'json');
    const found = (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[])
      .flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.line} ${m.ruleId}`))
      .sort();
    expect(found).toEqual(['direct.ts:7 drvlint/no-escape', 'via-helper.ts:7 drvlint/no-escape']);
    expect(
      (await eslintMessages(dir, ['src/direct.ts', 'src/via-helper.ts'])).map((m) => m.split(' ').slice(0, 2).join(' ')).sort(),
    ).toEqual(['src/direct.ts:7 drvlint/no-escape', 'src/via-helper.ts:7 drvlint/no-escape']);
  });
});

describe("a body too large for TypeScript's flow analysis (TS2563)", () => {
  // 2,200 ifs in one function: the checker gives up on narrowing for the whole program.
  const HUGE = `export function huge(x: number): number {\n  let y = 0;\n${Array.from({ length: 2200 }, (_, i) => `  if (x === ${i}) y++;\n`).join('')}  return y;\n}\n`;
  const project = (name: string) => {
    const dir = ownProject(name, { 'src/a-huge.ts': HUGE, 'src/b-driver.ts': BUGGY('@drvlint/kernel') });
    installKernel(path.join(dir, 'node_modules/@drvlint/kernel'), '0.1.0');
    return dir;
  };

  it('is said in all three front ends, at the body, and never gives a clean result', async () => {
    const dir = project('flow-limit');
    const r = await drvlint(dir, 'check', '-f', 'json');
    expect(r.code).toBe(1);
    const found = (
      JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[] }[]
    ).flatMap((f) =>
      f.messages.map((m) => `${path.basename(f.filePath)}:${m.line} ${m.ruleId ?? (m.fatal ? 'fatal' : '?')} ${m.message.slice(0, 60)}`),
    );
    expect(found).toEqual([
      'a-huge.ts:2 fatal TypeScript turned off control-flow analysis for the whole pr',
      'b-driver.ts:7 drvlint/no-escape A device reference `pdev.ref()` is stored in module-level `l',
    ]);
    const eslint = (await eslintMessages(dir, ['src/a-huge.ts', 'src/b-driver.ts'])).filter((m) => m.includes('TS2563'));
    expect(eslint).toHaveLength(1);
    expect(eslint[0]).toMatch(/^src\/a-huge\.ts:2 drvlint\/\S+ drvlint: TypeScript turned off control-flow analysis/);

    expect(await editorDiagnostics(dir, 'src/a-huge.ts')).toEqual(['2:3 990098 error']);
  });
});
