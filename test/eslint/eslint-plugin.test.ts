// eslint-plugin-drvlint as a user meets it: real ESLint, flat config, typed
// linting, over real files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint } from 'eslint';
import plugin from 'eslint-plugin-drvlint';
import { typedEslint } from './typed-eslint.js';
import { ruleIds } from '@drvlint/rules';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');

/** `file:line rule` for each message, sorted: the form the expectations below are written in. */
function summarise(results: ESLint.LintResult[], base: string): string[] {
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)}:${m.line} ${m.ruleId ?? `(fatal) ${m.message}`}`))
    .sort();
}

describe('plugin shape', () => {
  it('has meta, every rule, and presets that carry the parser and all rules', () => {
    expect(plugin.meta).toEqual({ name: 'eslint-plugin-drvlint', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    // Every driver-model rule, drvlint/directives (the CLI's checks of drvlint-disable comments), and drvlint/setup.
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleIds, 'directives', 'setup'].sort());
    for (const preset of [plugin.configs.recommended, plugin.configs.strict]) {
      expect(preset.languageOptions?.parser).toBeDefined();
      expect(Object.keys(preset.rules ?? {}).sort()).toEqual([...ruleIds, 'directives', 'setup'].map((id) => `drvlint/${id}`).sort());
      expect(preset.plugins?.drvlint).toBe(plugin);
    }
  });

  it('every rule is typed, documented and points at its docs page', () => {
    for (const id of ruleIds) {
      const meta = plugin.rules[id].meta;
      expect(meta.docs?.url).toBe(`https://github.com/drvlint/drvlint/blob/main/rules/${id}.md`);
      expect(meta.docs?.requiresTypeChecking).toBe(true);
      expect(meta.messages.internalError).toContain('internal error');
    }
  });
});

describe('a new user', () => {
  const dir = mkdtempSync(path.join(root, 'test/.tmp-eslint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const driver = `import { pci, module, type Core } from '@drvlint/kernel';
let last: pci.Device | undefined;
const driver = pci.driver({
  name: 'x',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),
  probe(pdev: pci.Device<Core>) {
    last = pdev;
    return {};
  },
});
export default module({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;

  function project(name: string, config: string): string {
    const d = path.join(dir, name);
    mkdirSync(d);
    writeFileSync(path.join(d, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(
      path.join(d, 'tsconfig.json'),
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
        include: ['*.ts'],
      }),
    );
    writeFileSync(path.join(d, 'driver.ts'), driver);
    writeFileSync(path.join(d, 'eslint.config.js'), config);
    return d;
  }

  function eslintCli(cwd: string): { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[] {
    let out: string;
    try {
      out = execFileSync(process.execPath, [eslintBin, '--format', 'json', '.'], { cwd, encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout; // exit 1: findings
    }
    return JSON.parse(out);
  }

  it('gets findings from the README snippet with parserOptions.project', () => {
    const cwd = project(
      'project',
      // Verbatim as a new user pastes it.
      `import drvlint from 'eslint-plugin-drvlint';\nexport default [drvlint.configs.recommended, { languageOptions: { parserOptions: { project: './tsconfig.json' } } }];\n`,
    );
    const [result] = eslintCli(cwd);
    expect(result?.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['7 drvlint/no-escape', '7 drvlint/core-context']);
    expect(result?.messages[0]?.message).toBe('The Core device `pdev` is stored in module-level `last` and outlives the binding.');
  });

  it("the README's fromDrvlintConfig snippet spreads safely: the config file itself meets no drvlint rule", () => {
    const cwd = project(
      'from-config',
      `import drvlint, { fromDrvlintConfig } from 'eslint-plugin-drvlint';\nimport { readFileSync } from 'node:fs';\nconst json = JSON.parse(readFileSync(new URL('./drvlint.config.json', import.meta.url), 'utf8'));\nexport default [drvlint.configs.recommended, fromDrvlintConfig(json), { languageOptions: { parserOptions: { project: './tsconfig.json' } } }];\n`,
    );
    writeFileSync(path.join(cwd, 'drvlint.config.json'), JSON.stringify({ rules: { 'core-context': 'off' } }));
    const results = eslintCli(cwd);
    expect(results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line} ${m.ruleId}`))).toEqual([
      'driver.ts:7 drvlint/no-escape',
    ]);
  });

  it('gets the same findings with projectService', () => {
    const cwd = project(
      'service',
      `import drvlint from 'eslint-plugin-drvlint';\nexport default [drvlint.configs.strict, { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } }];\n`,
    );
    const [result] = eslintCli(cwd);
    expect(result?.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['7 drvlint/no-escape', '7 drvlint/core-context']);
  });
});

describe('fixtures', () => {
  async function lint(dir: string, patterns: string[]): Promise<string[]> {
    const eslint = await typedEslint(dir);
    return summarise(await eslint.lintFiles(patterns), dir);
  }

  it('the sample drivers: clean ones give nothing, faulty ones exactly their findings', async () => {
    // Each line checked by hand against the fixture source.
    expect(await lint(path.join(root, 'fixtures/drivers'), ['src/**/*.ts'])).toEqual([
      // The Bar taken with access() and kept in the private data, which the core sees written after revocation.
      'src/faulty/bar-after-revoke.ts:18 drvlint/devres-access',
      'src/faulty/foreign-devres.ts:14 drvlint/no-escape',
      // The cast is a forgery, and the Core-only call on the forged view a core-context fault too.
      'src/faulty/forged-context.ts:11 drvlint/core-context',
      'src/faulty/forged-context.ts:11 drvlint/no-context-forgery',
      'src/faulty/global-cache.ts:17 drvlint/no-escape',
      'src/faulty/missing-terminator.ts:6 drvlint/id-table',
      'src/faulty/probe-error-path.ts:10 drvlint/required-teardown',
      'src/faulty/stale-view.ts:7 drvlint/core-context',
      'src/faulty/stale-view.ts:9 drvlint/core-context',
      'src/faulty/timer-not-cancelled.ts:20 drvlint/required-teardown',
      'src/faulty/work-dropped.ts:11 drvlint/required-teardown',
    ]);
  });

  it('the example in rules.md gives the findings its comments name', async () => {
    expect(await lint(path.join(root, 'test/fixtures/spec-example'), ['*.ts'])).toEqual([
      'sample.ts:13 drvlint/id-table',
      'sample.ts:22 drvlint/core-context',
      'sample.ts:22 drvlint/no-escape',
      'sample.ts:24 drvlint/required-teardown',
      'sample.ts:27 drvlint/no-escape',
      'sample.ts:28 drvlint/core-context',
      'sample.ts:28 drvlint/no-escape',
      'sample.ts:32 drvlint/devres-access',
      'sample.ts:34 drvlint/unbind-teardown-only',
    ]);
  });
});
