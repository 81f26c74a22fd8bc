import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { configSchema } from '@drvlint/cli';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_COMPILER_OPTIONS } from '../../packages/core/test/program.js';
import { typedEslint } from '../eslint/typed-eslint.js';
import { CLEAN, DRIVER_HEAD, FAULTY, TSCONFIG, cliFindings, drvlint, project, root, tempRoot } from './helpers.js';

const tmp = tempRoot('cli');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = (files: Record<string, string>, tsconfig?: unknown) => project(path.join(tmp.dir, `p${n++}`), files, tsconfig);

describe('exit codes and flags', () => {
  it('0 when only warnings, 1 when --max-warnings is exceeded or there are errors', async () => {
    const dir = fresh({ 'src/faulty.ts': FAULTY });
    expect((await drvlint(dir, 'check', '--rule', 'no-escape=off')).code).toBe(0);
    const over = await drvlint(dir, 'check', '--rule', 'drvlint/no-escape=off', '--max-warnings', '0');
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('drvlint: 1 warnings, more than --max-warnings 0\n');
    expect((await drvlint(dir, 'check')).code).toBe(1);
  });

  it('--quiet reports errors only; --rule raises a warning to an error', async () => {
    const dir = fresh({ 'src/faulty.ts': FAULTY });
    const quiet = JSON.parse((await drvlint(dir, 'check', '--quiet', '-f', 'json')).stdout);
    expect(quiet[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['drvlint/no-escape']);
    const raised = JSON.parse((await drvlint(dir, 'check', '--rule', 'devres-access=error', '-f', 'json')).stdout);
    expect(raised[0].messages.map((m: { severity: number }) => m.severity)).toEqual([2, 2]);
  });

  it('paths narrow the files reported', async () => {
    const dir = fresh({ 'src/faulty.ts': FAULTY, 'src/other/faulty.ts': FAULTY.replace("name: 'x'", "name: 'z'") });
    const out = JSON.parse((await drvlint(dir, 'check', 'src/other', '-f', 'json')).stdout);
    expect(out.map((f: { filePath: string }) => path.relative(dir, f.filePath))).toEqual(['src/other/faulty.ts']);
  });

  it('usage and configuration errors exit 2 with one line that says what to do', async () => {
    const dir = fresh({ 'src/clean.ts': CLEAN });
    const cases: [string[], RegExp][] = [
      [['lint'], /^drvlint: unknown command 'lint': use 'drvlint check \[paths\.\.\.\]'\n$/],
      [['check', '--format', 'xml'], /^drvlint: unknown format 'xml': use one of stylish, json, sarif, github\n$/],
      [['check', '--rule', 'no-such=error'], /^drvlint: unknown rule 'no-such'; the rules are: no-escape, /],
      [['check', '--rule', 'no-escape'], /^drvlint: --rule 'no-escape' is not 'id: off\|warn\|error' \(or <id>=off\|warn\|error\)\n$/],
      [['check', '--formt', 'json'], /^drvlint: unknown option '--formt' \(did you mean --format\?\); see 'drvlint --help'\n$/],
      [['chek'], /^drvlint: unknown command 'chek': use 'drvlint check \[paths\.\.\.\]' \(did you mean check\?\)\n$/],
      [['check', '--max-warnings', '-2'], /--max-warnings takes a whole number \(or -1\), not '-2'/],
      [['check', '--max-warnings', 'many'], /--max-warnings takes a whole number/],
      [
        ['check', '-p', 'nowhere/tsconfig.json'],
        /^drvlint: no tsconfig at nowhere\/tsconfig\.json: pass the project's tsconfig with -p <path>\n$/,
      ],
      [['check', '--jobs', '0'], /^drvlint: --jobs takes a whole number of at least 1, not '0'\n$/],
      [['check', '--jobs', '2', '--fix'], /^drvlint: --fix runs one project at a time/],
      [['migrate', '--jobs', '2'], /^drvlint: --jobs belongs to 'drvlint check'\n$/],
    ];
    for (const [argv, message] of cases) {
      const r = await drvlint(dir, ...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('help: bare drvlint and --help print the overview, check --help and migrate --help their options; exit 0', async () => {
    const dir = fresh({ 'src/clean.ts': CLEAN });
    for (const [argv, first] of [
      [[], 'Usage: drvlint check [paths...] [options]\n       drvlint migrate [paths...] [options]'],
      [['--help'], 'Usage: drvlint check [paths...] [options]\n       drvlint migrate [paths...] [options]'],
      [['check', '--help'], "Usage: drvlint check [paths...] [options]\n\nCheck the project's driver code."],
      [['migrate', '-h'], 'Usage: drvlint migrate [paths...] [options]\n\nMove drivers'],
    ] as const) {
      const r = await drvlint(dir, ...argv);
      expect([r.code, r.stderr, r.stdout.startsWith(first)], argv.join(' ')).toEqual([0, '', true]);
    }
  });

  it("ESLint's conventions: --rule 'id: level', --max-warnings -1, -o, --color and FORCE_COLOR, globs, the tsconfig found upward", async () => {
    const dir = fresh({ 'src/faulty.ts': FAULTY, 'src/other/clean.ts': CLEAN });
    expect((await drvlint(dir, 'check', '--rule', 'no-escape: off')).code).toBe(0);
    expect((await drvlint(dir, 'check', '--rule', '{"drvlint/no-escape": "off", "devres-access": 2}')).code).toBe(1);
    const unlimited = await drvlint(dir, 'check', '--rule', 'no-escape: off', '--max-warnings', '-1');
    expect([unlimited.code, unlimited.stderr]).toEqual([0, '']);
    const written = await drvlint(dir, 'check', '-f', 'json', '-o', 'out/report.json');
    expect([written.code, written.stdout]).toEqual([1, '']);
    expect(JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8'))).toHaveLength(2);
    expect((await drvlint(dir, 'check', '--color')).stdout).toContain('\u001b[');
    expect((await drvlint(dir, 'check', '--no-color')).stdout).not.toContain('\u001b[');
    process.env.FORCE_COLOR = '1';
    try {
      expect((await drvlint(dir, 'check')).stdout).toContain('\u001b[');
    } finally {
      delete process.env.FORCE_COLOR;
    }
    const glob = JSON.parse((await drvlint(dir, 'check', 'src/**/clean.ts', '-f', 'json')).stdout) as { filePath: string }[];
    expect(glob.map((f) => path.relative(dir, f.filePath))).toEqual(['src/other/clean.ts']);
    const fromSubfolder = await drvlint(path.join(dir, 'src/other'), 'check', '-f', 'json');
    expect(fromSubfolder.code).toBe(1);
    expect((JSON.parse(fromSubfolder.stdout) as unknown[]).length).toBe(2);
  });

  it('a path outside the program is skipped with a warning, and the exit code comes from the findings (lint-staged)', async () => {
    const dir = fresh({ 'src/faulty.ts': FAULTY, 'scripts/release.ts': 'export const v = 1;\n' });
    const r = await drvlint(dir, 'check', 'src/faulty.ts', 'scripts/release.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('drvlint: skipped scripts/release.ts: no file of the project is there (a typo, or outside the tsconfig?)\n');
    const only = await drvlint(dir, 'check', 'scripts/release.ts');
    expect([only.code, only.stdout]).toEqual([0, '']);
  });

  it('--cache-location naming a folder keeps the cache inside it, as ESLint does; a trailing separator makes the folder', async () => {
    const dir = fresh({ 'src/faulty.ts': FAULTY });
    mkdirSync(path.join(dir, 'cachedir'));
    expect((await drvlint(dir, 'check', '--cache', '--cache-location', 'cachedir')).code).toBe(1);
    expect(readdirSync(path.join(dir, 'cachedir'))).toEqual(['.drvlintcache']);
    expect((await drvlint(dir, 'check', '--cache', '--cache-location', 'fresh/')).code).toBe(1);
    expect(readdirSync(path.join(dir, 'fresh'))).toEqual(['.drvlintcache']);
    const again = await drvlint(dir, 'check', '--cache', '--cache-location', 'fresh/');
    expect([again.code, again.stderr]).toEqual([1, '']);
  });

  it('a broken tsconfig, TypeScript configuration errors and an empty project exit 2', async () => {
    const broken = await drvlint(fresh({ 'src/a.ts': CLEAN }, '{ "compilerOptions": { "strict": true, }'), 'check');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^drvlint: tsconfig\.json:\d+:\d+: .+ Fix the tsconfig\.\n$/);
    const badOption = await drvlint(
      fresh({ 'src/a.ts': CLEAN }, { ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, target: 'es1999' } }),
      'check',
    );
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/Argument for '--target' option must be.*; fix the tsconfig\n$/);
    const empty = await drvlint(fresh({ 'README.md': '# nothing' }), 'check');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('drvlint: tsconfig.json includes no files: check its "include" and "files"\n');
  });

  it('a syntax error is a fatal message for that file; other files are still checked', async () => {
    const dir = fresh({ 'src/broken.ts': `${DRIVER_HEAD}export function f( {\n`, 'src/faulty.ts': FAULTY });
    const r = await drvlint(dir, 'check', '-f', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const broken = out.find((f: { filePath: string }) => f.filePath.endsWith('broken.ts'));
    expect(broken.messages[0]).toMatchObject({
      ruleId: null,
      fatal: true,
      severity: 2,
      message: expect.stringMatching(/^Parsing error: /),
    });
    expect(out.find((f: { filePath: string }) => f.filePath.endsWith('faulty.ts')).messages).toHaveLength(2);
  });
});

describe('configuration', () => {
  it('drvlint.config.json sets severities and options; package.json "drvlint" works too', async () => {
    const a = fresh({
      'src/faulty.ts': FAULTY,
      'drvlint.config.json': JSON.stringify({ rules: { 'drvlint/no-escape': 'warn', 'devres-access': 'off' } }),
    });
    const ra = JSON.parse((await drvlint(a, 'check', '-f', 'json')).stdout);
    expect(ra[0].messages.map((m: { ruleId: string; severity: number }) => `${m.ruleId}:${m.severity}`)).toEqual(['drvlint/no-escape:1']);
    const b = fresh({ 'src/faulty.ts': FAULTY });
    writeFileSync(path.join(b, 'package.json'), JSON.stringify({ type: 'module', drvlint: { rules: { 'no-escape': 'off' } } }));
    const rb = JSON.parse((await drvlint(b, 'check', '-f', 'json')).stdout);
    expect(rb[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['drvlint/devres-access']);
  });

  it('is validated against the schema, with errors that name the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{ rules: { 'no-escpe': 'error' } }, /^drvlint: drvlint\.config\.json:1:10: unknown rule 'no-escpe'; the rules are: /],
      [
        { rules: { 'no-escape': 'loud' } },
        /^drvlint: drvlint\.config\.json:1:23: \/rules\/no-escape: must be one of "off", "warn", "error"$/m,
      ],
      [
        { rules: { 'bus-internal': ['error', { busModules: 'src/bus' }] } },
        /^drvlint: drvlint\.config\.json:1:49: \/rules\/bus-internal\/1\/busModules: must be array$/m,
      ],
      [{ rulez: {} }, /^drvlint: drvlint\.config\.json:1:1: \(top level\): unknown key 'rulez'/],
    ];
    for (const [config, message] of cases) {
      const r = await drvlint(fresh({ 'src/clean.ts': CLEAN, 'drvlint.config.json': JSON.stringify(config) }), 'check');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const unreadable = await drvlint(fresh({ 'src/clean.ts': CLEAN, 'drvlint.config.json': '{\n  nope' }), 'check');
    expect(unreadable.stderr).toMatch(/^drvlint: drvlint\.config\.json:2:3: not valid JSON: /);
    const inPackage = await drvlint(
      fresh({ 'src/clean.ts': CLEAN, 'package.json': '{\n  "type": "module",\n  "drvlint": { "rules": { "id-table": "on" } }\n}' }),
      'check',
    );
    expect(inPackage.stderr).toMatch(/^drvlint: package\.json:3:39: \/rules\/id-table: must be one of "off", "warn", "error"/);
  });

  it('hostile input is a clear error, never a crash or a silent pass', async () => {
    const dir = fresh({ 'src/clean.ts': CLEAN });
    for (const id of ['constructor', 'toString', '__proto__']) {
      const r = await drvlint(dir, 'check', '--rule', `${id}=warn`);
      expect([r.code, r.stderr], id).toEqual([
        2,
        `drvlint: unknown rule '${id}'; the rules are: ${Object.keys((await import('@drvlint/rules')).rules).join(', ')}\n`,
      ]);
    }
    const emptyGlob = await drvlint(
      fresh({
        'src/clean.ts': CLEAN,
        'drvlint.config.json': JSON.stringify({ rules: { 'bus-internal': ['error', { busModules: [''] }] } }),
      }),
      'check',
    );
    expect(emptyGlob.code).toBe(2);
    expect(emptyGlob.stderr).toMatch(/\/rules\/bus-internal\/1\/busModules\/0: must NOT have fewer than 1 characters/);
    const nullPackage = await drvlint(fresh({ 'src/clean.ts': CLEAN, 'package.json': 'null' }), 'check');
    expect([nullPackage.code, nullPackage.stderr]).toEqual([2, 'drvlint: package.json: package.json must be a JSON object\n']);
    // A typo next to a good path is a warning that names it; the exit code comes from the findings.
    const typo = await drvlint(dir, 'check', 'src/clean.ts', 'src/cleen.ts');
    expect([typo.code, typo.stderr]).toEqual([
      0,
      'drvlint: skipped src/cleen.ts: no file of the project is there (a typo, or outside the tsconfig?)\n',
    ]);
  });

  it('the published schema file is the one the CLI validates with', () => {
    const published = JSON.parse(readFileSync(path.join(root, 'packages/cli/drvlint.config.schema.json'), 'utf8'));
    expect(published, 'run `npm run schema` to regenerate it').toEqual(configSchema());
  });
});

describe('directives', () => {
  const driver = (body: string) =>
    `${DRIVER_HEAD}let last: unknown;\nlet other: unknown;\nexport const d = pci.driver({\n  name: 'x',\n  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),\n  probe(pdev: pci.Device<Core>) {\n${body}\n    return {};\n  },\n});\n`;

  it('disable-next-line with a reason silences; a block disables until enable', async () => {
    const dir = fresh({
      'src/a.ts': driver(
        `    // drvlint-disable-next-line no-escape -- handed back in unbind, see #12\n    last = pdev.ref();\n    /* drvlint-disable drvlint/no-escape -- migration in progress */\n    other = pdev.ref();\n    /* drvlint-enable */\n    last = pdev.ref();`,
      ),
    });
    const out = JSON.parse((await drvlint(dir, 'check', '-f', 'json')).stdout);
    expect(out[0].messages.map((m: { ruleId: string; line: number }) => `${m.line} ${m.ruleId}`)).toEqual(['13 drvlint/no-escape']);
  });

  it('reports a missing reason, an unused directive and an unknown rule', async () => {
    const dir = fresh({
      'src/a.ts': driver(
        `    // drvlint-disable-next-line no-escape\n    last = pdev.ref();\n    // drvlint-disable-next-line core-context -- nothing to silence\n    pdev.info('x');\n    // drvlint-disable-next-line no-such-rule -- typo\n    pdev.info('y');`,
      ),
    });
    const out = JSON.parse((await drvlint(dir, 'check', '-f', 'json')).stdout);
    expect(
      out[0].messages.map(
        (m: { ruleId: string; line: number; severity: number; message: string }) => `${m.line} ${m.ruleId} ${m.severity} ${m.message}`,
      ),
    ).toEqual([
      // One severity for every problem of a comment, as in ESLint's recommended preset: a warning.
      '8 drvlint/directives 1 drvlint-disable-next-line needs a reason: add `-- <why this is safe>`',
      '10 drvlint/directives 1 Unused drvlint-disable-next-line directive (no core-context finding here to silence)',
      "12 drvlint/directives 1 drvlint-disable-next-line names unknown rule 'no-such-rule'",
    ]);
    expect((await drvlint(dir, 'check')).code).toBe(0);
  });

  it("ESLint's own comments naming drvlint's rules silence the CLI and the editor too, and are left to ESLint to judge", async () => {
    const { TsServer } = await import('../ts-plugin/tsserver.js');
    const dir = fresh({
      'src/a.ts': driver(
        `    // eslint-disable-next-line drvlint/no-escape -- reviewed\n    last = pdev.ref();\n    other = pdev.ref(); // eslint-disable-line drvlint/no-escape, no-console\n    // eslint-disable-next-line no-console -- not drvlint's\n    last = pdev.ref();`,
      ),
    });
    const cli = (
      JSON.parse((await drvlint(dir, 'check', '-f', 'json')).stdout) as { messages: { line: number; ruleId: string }[] }[]
    )[0]?.messages.map((m) => `${m.line} ${m.ruleId}`);
    expect(cli).toEqual(['12 drvlint/no-escape']);
    const eslint = await typedEslint(dir, { linterOptions: { reportUnusedDisableDirectives: 'off' } });
    const [result] = await eslint.lintFiles(['src/a.ts']);
    expect(result?.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(cli);
    const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: root });
    try {
      const file = path.join(dir, 'src/a.ts');
      server.open(file);
      const editor = (await server.diagnostics(file)).filter((d) => d.source === 'drvlint').map((d) => `${d.start.line} ${d.code}`);
      expect(editor).toEqual(['12 990001']);
    } finally {
      await server.close();
    }
  });

  it('the ESLint plugin honours the same directives', async () => {
    const dir = fresh({
      'src/a.ts': driver(`    // drvlint-disable-next-line no-escape -- reviewed\n    last = pdev.ref();\n    other = pdev.ref();`),
    });
    const eslint = await typedEslint(dir);
    const [result] = await eslint.lintFiles(['src/a.ts']);
    expect(result?.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['10 drvlint/no-escape']);
  });

  it('the CLI, ESLint and tsserver report the same directive problems: no reason, unused, unknown rule', async () => {
    const { TsServer } = await import('../ts-plugin/tsserver.js');
    const dir = fresh({
      'src/a.ts': driver(
        `    // drvlint-disable-next-line no-escape\n    last = pdev.ref();\n    // drvlint-disable-next-line core-context -- nothing here\n    other = pdev.name;\n    // drvlint-disable-next-line no-such-rule -- typo`,
      ),
    });
    const cli = (
      JSON.parse((await drvlint(dir, 'check', '-f', 'json')).stdout) as { messages: { line: number; ruleId: string; message: string }[] }[]
    )[0]?.messages.map((m) => `${m.line} ${m.ruleId} ${m.message}`);
    expect(cli).toEqual([
      '8 drvlint/directives drvlint-disable-next-line needs a reason: add `-- <why this is safe>`',
      '10 drvlint/directives Unused drvlint-disable-next-line directive (no core-context finding here to silence)',
      "12 drvlint/directives drvlint-disable-next-line names unknown rule 'no-such-rule'",
    ]);
    const eslint = await typedEslint(dir);
    const [result] = await eslint.lintFiles(['src/a.ts']);
    expect(result?.messages.map((m) => `${m.line} ${m.ruleId} ${m.message}`)).toEqual(cli);
    const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: root });
    try {
      const file = path.join(dir, 'src/a.ts');
      server.open(file);
      const editor = (await server.diagnostics(file))
        .filter((d) => d.source === 'drvlint')
        .map((d) => `${d.start.line} ${d.code === 990097 ? 'drvlint/directives' : d.code} ${d.text}`);
      expect(editor).toEqual(cli);
    } finally {
      await server.close();
    }
  });
});

describe('--fix', () => {
  const fixable = `${DRIVER_HEAD}const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0],\n]);\nlet driver = pci.driver({ name: 'x', idTable: T, probe: (pdev: pci.Device<Core>) => ({ dev: pdev.ref() }) });\nexport default module({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`;

  it('applies every fix until a fixed point, atomically, and the result type-checks', async () => {
    const dir = fresh({ 'src/a.ts': fixable });
    const r = await drvlint(dir, 'check', '--fix');
    expect(r.code).toBe(0);
    const fixed = readFileSync(path.join(dir, 'src/a.ts'), 'utf8');
    expect(fixed).toBe(fixable.replace('0],\n]);', '0],\n  pci.DeviceId.ZERO,\n]);').replace('let driver', 'const driver'));
    expect(readdirSync(path.join(dir, 'src'))).toEqual(['a.ts']);
    const again = await drvlint(dir, 'check', '--fix');
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(fixed);
    const program = ts.createProgram([path.join(dir, 'src/a.ts')], TEST_COMPILER_OPTIONS);
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))).toEqual([]);
  });

  it('check offers the proven fixes without --fix (its program is built without ts-morph, the proofs still see the lib files)', async () => {
    // Code whose types come from the lib files: a proof without them sees errors the fix did not make.
    const dir = fresh({ 'src/a.ts': `${fixable}export const sizes = [...new Map([['x', 1]]).values()].map((v) => v + 1);\n` });
    const out = JSON.parse((await drvlint(dir, 'check', '-f', 'json')).stdout) as { messages: { ruleId: string; fix?: unknown }[] }[];
    expect(out[0]?.messages.map((m) => [m.ruleId, m.fix !== undefined])).toEqual([
      ['drvlint/id-table', true],
      ['drvlint/static-driver', true],
    ]);
  });

  it('never writes outside the project root', async () => {
    const outside = fresh({ 'x.ts': '' }, null);
    writeFileSync(path.join(outside, 'shared.ts'), fixable);
    const dir = fresh({ 'src/clean.ts': CLEAN }, { ...TSCONFIG, include: ['src/**/*.ts', `../${path.basename(outside)}/shared.ts`] });
    const r = await drvlint(dir, 'check', '--fix');
    expect(readFileSync(path.join(outside, 'shared.ts'), 'utf8')).toBe(fixable);
    expect(r.stderr).toContain(
      `drvlint: not fixing ../${path.basename(outside)}/shared.ts: its real path ${realpathSync(path.join(outside, 'shared.ts'))} is outside the project root`,
    );
    expect(r.code).toBe(1);
  });
});

describe('the drvlint binary', () => {
  it('runs from node_modules/.bin with the exit code of the check', () => {
    const bin = path.join(root, 'node_modules/.bin/drvlint');
    expect(existsSync(bin)).toBe(true);
    const dir = fresh({ 'src/faulty.ts': FAULTY });
    let code = 0;
    let stdout: string;
    try {
      stdout = execFileSync(bin, ['check', '-f', 'github', '--base-dir', '.'], { cwd: dir, encoding: 'utf8' });
    } catch (e) {
      code = (e as { status: number }).status;
      stdout = (e as { stdout: string }).stdout;
    }
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/^::error file=src\/faulty\.ts,line=6,/);
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8', cwd: root }).trim()).toMatch(
      /^\d+\.\d+\.\d+\nTypeScript 6\.0\.\d+ \(this project's, node_modules\/typescript\); --fix and migrate: TypeScript 6\.0\.2 \(ts-morph's\)$/,
    );
  });
});

describe('the TypeScript a check reads the project with', () => {
  it("without a typescript of its own, a project is checked with drvlint's, and stderr says so once", async () => {
    // Outside the workspace, so that no typescript resolves; the kernel linked in as a project installs it.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drvlint-no-ts-'));
    try {
      project(dir, { 'src/faulty.ts': FAULTY });
      mkdirSync(path.join(dir, 'node_modules/@drvlint'), { recursive: true });
      symlinkSync(path.join(root, 'packages/kernel'), path.join(dir, 'node_modules/@drvlint/kernel'));
      const r = await drvlint(dir, 'check', '-f', 'json');
      expect(r.stderr).toBe(`drvlint: no typescript installed for ${dir}; drvlint checks with its own TypeScript 6.0.2\n`);
      expect(r.code).toBe(1);
      expect((JSON.parse(r.stdout) as { messages: unknown[] }[])[0]?.messages).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("inside a project with TypeScript 6, the project's is used, silently", async () => {
    const r = await drvlint(fresh({ 'src/faulty.ts': FAULTY }), 'check', '-f', 'json');
    expect([r.code, r.stderr]).toEqual([1, '']);
  });
});

describe('one configuration for every front end', () => {
  it('fromDrvlintConfig gives ESLint the severities and options the CLI uses', async () => {
    const { fromDrvlintConfig } = await import('eslint-plugin-drvlint');
    const config = { rules: { 'no-escape': 'warn', 'devres-access': 'off' } } as const;
    const dir = fresh({ 'src/faulty.ts': FAULTY, 'drvlint.config.json': JSON.stringify(config) });
    const cli = JSON.parse((await drvlint(dir, 'check', '-f', 'json')).stdout)[0].messages.map(
      (m: { ruleId: string; severity: number; line: number }) => `${m.line} ${m.ruleId} ${m.severity}`,
    );
    const eslint = await typedEslint(dir, fromDrvlintConfig(config));
    const [result] = await eslint.lintFiles(['src/faulty.ts']);
    expect(result?.messages.map((m) => `${m.line} ${m.ruleId} ${m.severity}`)).toEqual(cli);
    expect(cli).toEqual(['6 drvlint/no-escape 1']);
  });
});

describe('a drvlint.config.json with comments, ignores and overrides, read alike by all three front ends', () => {
  it('ignores a folder, turns a rule down for tests, and takes comments and trailing commas', async () => {
    const { drvlintConfigs, fromDrvlintConfig } = await import('eslint-plugin-drvlint');
    const { TsServer } = await import('../ts-plugin/tsserver.js');
    const text = `{
  "$schema": "./node_modules/@drvlint/cli/drvlint.config.schema.json",
  // Generated code is reviewed upstream.
  "ignores": ["src/generated/**"],
  "overrides": [
    /* Tests keep devices on purpose. */
    { "files": ["test/**/*.ts"], "rules": { "no-escape": "warn", "devres-access": "off" } },
  ],
}
`;
    const dir = fresh(
      {
        'src/faulty.ts': FAULTY,
        'src/generated/faulty.ts': FAULTY.replace("name: 'x'", "name: 'g'"),
        'test/faulty.test.ts': FAULTY.replace("name: 'x'", "name: 't'"),
        'drvlint.config.json': text,
      },
      { ...TSCONFIG, include: ['src/**/*.ts', 'test/**/*.ts'] },
    );
    const r = await drvlint(dir, 'check', '-f', 'json');
    expect(r.stderr).toBe('');
    const cli = (JSON.parse(r.stdout) as { filePath: string; messages: { line: number; ruleId: string; severity: number }[] }[])
      .flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)}:${m.line} ${m.ruleId} ${m.severity}`))
      .sort();
    expect(cli).toEqual([
      'src/faulty.ts:6 drvlint/no-escape 2',
      'src/faulty.ts:9 drvlint/devres-access 1',
      'test/faulty.test.ts:6 drvlint/no-escape 1',
    ]);
    // An ignored file or folder given by name is skipped with a warning that says why, as ESLint warns.
    const named = await drvlint(dir, 'check', 'src/faulty.ts', 'src/generated', 'src/generated/faulty.ts', 'src/typo.ts', '-f', 'json');
    expect(named.code).toBe(1);
    expect(named.stderr).toBe(
      [
        `drvlint: skipped src/generated: the configuration's "ignores" leave out every file there`,
        `drvlint: skipped src/generated/faulty.ts: the configuration's "ignores" leave out every file there`,
        'drvlint: skipped src/typo.ts: no file of the project is there (a typo, or outside the tsconfig?)',
        '',
      ].join('\n'),
    );
    const json = parseJsonc(text);
    expect(() => fromDrvlintConfig(json)).toThrow(/spread \.\.\.drvlintConfigs\(json\) instead/);
    const eslint = await typedEslint(dir, ...drvlintConfigs(json));
    const results = await eslint.lintFiles(['src/faulty.ts', 'src/generated/faulty.ts', 'test/faulty.test.ts']);
    expect(
      results.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)}:${m.line} ${m.ruleId} ${m.severity}`)).sort(),
    ).toEqual(cli);
    const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: root });
    try {
      const editor: string[] = [];
      for (const rel of ['src/faulty.ts', 'src/generated/faulty.ts', 'test/faulty.test.ts']) {
        const file = path.join(dir, rel);
        server.open(file);
        for (const d of (await server.diagnostics(file)).filter((x) => x.source === 'drvlint'))
          editor.push(
            `${rel}:${d.start.line} ${d.code === 990001 ? 'drvlint/no-escape' : d.code === 990009 ? 'drvlint/devres-access' : d.code} ${d.category === 'error' ? 2 : 1}`,
          );
      }
      expect(editor.sort()).toEqual(cli);
    } finally {
      await server.close();
    }
  });

  it('an unknown rule in an override is a configuration error in the editor, as in the CLI, not an internal error', async () => {
    const { TsServer } = await import('../ts-plugin/tsserver.js');
    const dir = fresh({
      'src/faulty.ts': FAULTY,
      'drvlint.config.json': JSON.stringify({ overrides: [{ files: ['src/**'], rules: { 'no-such-rule': 'warn' } }] }),
    });
    expect((await drvlint(dir, 'check')).code).toBe(2);
    const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: root });
    try {
      const file = path.join(dir, 'src/faulty.ts');
      server.open(file);
      const texts = (await server.diagnostics(file)).filter((d) => d.source === 'drvlint').map((d) => d.text);
      expect(texts[0]).toMatch(/^drvlint configuration: overrides\[0\]: unknown rule 'no-such-rule'/);
      expect(texts.some((t) => t.includes('internal error'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a syntax error in the configuration names its line and column', async () => {
    const r = await drvlint(
      fresh({ 'src/clean.ts': CLEAN, 'drvlint.config.json': '{\n  // fine\n  "rules": { "no-escape": "warn" \n' }),
      'check',
    );
    expect([r.code, r.stderr]).toEqual([2, 'drvlint: drvlint.config.json:4:1: not valid JSON: CloseBraceExpected\n']);
  });
});

describe('projects as people have them', () => {
  it('a workspace package that exports its TypeScript sources is driver code: a teardown in it counts', async () => {
    const helper = `import type { hrtimer } from '@drvlint/kernel';\nexport function quiesce(t: hrtimer.Handle): void {\n  t.cancel();\n}\n`;
    const driverText = `${DRIVER_HEAD}import { quiesce } from '@drivers/helpers';\nconst driver = pci.driver({\n  name: 't',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 7), 0]]),\n  probe(_pdev: pci.Device<Core>) {\n    return { t: hrtimer.create(() => hrtimer.Restart.NoRestart).start(10) };\n  },\n  unbind(_pdev, self) {\n    quiesce(self.t);\n  },\n});\nexport default module({ name: 't', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`;
    const dir = fresh({
      'packages/helpers/package.json': JSON.stringify({ name: '@drivers/helpers', type: 'module', exports: { '.': './src/index.ts' } }),
      'packages/helpers/src/index.ts': helper,
      'src/driver.ts': driverText,
    });
    // As npm links a workspace package: node_modules/@drivers/helpers -> packages/helpers.
    mkdirSync(path.join(dir, 'node_modules/@drivers'), { recursive: true });
    symlinkSync(path.join(dir, 'packages/helpers'), path.join(dir, 'node_modules/@drivers/helpers'));
    const linked = await drvlint(dir, 'check', 'src', '-f', 'json');
    expect([linked.code, (JSON.parse(linked.stdout) as { messages: unknown[] }[])[0]?.messages]).toEqual([0, []]);
    // The same sources installed inside node_modules are a dependency, whose body drvlint does not take on trust.
    rmSync(path.join(dir, 'node_modules/@drivers/helpers'));
    cpSync(path.join(dir, 'packages/helpers'), path.join(dir, 'node_modules/@drivers/helpers'), { recursive: true });
    const installed = await drvlint(dir, 'check', 'src', '-f', 'json');
    expect(installed.code).toBe(1);
  });

  it('a solution-style tsconfig checks every referenced project once, each file once', async () => {
    const sub = (tsconfig: object) => JSON.stringify({ ...TSCONFIG, ...tsconfig });
    const dir = fresh({
      'packages/a/src/faulty.ts': FAULTY,
      'packages/a/tsconfig.json': sub({ include: ['src/**/*.ts', '../shared/*.ts'] }),
      'packages/b/src/faulty.ts': FAULTY,
      'packages/b/tsconfig.json': sub({ include: ['src/**/*.ts', '../shared/*.ts'] }),
      'packages/shared/faulty.ts': FAULTY,
      'packages/utils/src/plain.ts': 'export const answer = 42;\n',
      'packages/utils/tsconfig.json': sub({}),
      'packages/tsconfig.json': JSON.stringify({ files: [], references: [{ path: './a' }, { path: './b' }] }),
      'tsconfig.json': JSON.stringify({
        files: [],
        references: [{ path: './packages' }, { path: './packages/a' }, { path: './packages/utils' }],
      }),
    });
    const r = await drvlint(dir, 'check', '-f', 'json');
    expect(r.code).toBe(1);
    const files = (JSON.parse(r.stdout) as { filePath: string; messages: unknown[] }[]).map(
      (f) => `${path.relative(dir, f.filePath)} ${f.messages.length}`,
    );
    // The shared file is in two projects and reported once; the project that does not use the kernel is skipped, and said to be.
    expect(files).toEqual(['packages/a/src/faulty.ts 2', 'packages/b/src/faulty.ts 2', 'packages/shared/faulty.ts 2']);
    expect(r.stderr).toMatch(/^drvlint: skipped packages\/utils\/tsconfig\.json: no file of this program imports @drvlint\/kernel/m);
    // --jobs checks the projects in worker threads and reports exactly what one at a time does, in the same order.
    for (const jobs of ['2', '4']) expect(await drvlint(dir, 'check', '-f', 'json', '--jobs', jobs)).toEqual(r);
    const stylish = await drvlint(dir, 'check');
    expect(await drvlint(dir, 'check', '-j', '3')).toEqual(stylish);
    // A usage error in one project stops the run with the same message either way.
    const broken = fresh({
      'a/src/faulty.ts': FAULTY,
      'a/tsconfig.json': sub({}),
      'b/src/imports.ts': `import { x } from '@drvlint/kernel/nope';\nexport const y = x;\n`,
      'b/tsconfig.json': sub({}),
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './a' }, { path: './b' }] }),
    });
    const one = await drvlint(broken, 'check');
    expect(one.code).toBe(2);
    expect(await drvlint(broken, 'check', '--jobs', '2')).toEqual(one);
    const missing = await drvlint(fresh({ 'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './nope' }] }) }), 'check');
    expect([missing.code, missing.stderr]).toEqual([2, 'drvlint: nope/tsconfig.json, referenced by tsconfig.json, does not exist\n']);
  });

  it('check sees the standard library as --fix and tsc do: facts drawn from Map and Promise hold', async () => {
    // check builds its program directly, without ts-morph's project; the lib files must still be there.
    const driver = `${DRIVER_HEAD}const cache = new Map<string, object>();
const driver = pci.driver({
  name: 'lib',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 7), 0]]),
  probe(pdev: pci.Device<Core>) {
    const self = { dev: pdev.ref() };
    cache.set(pdev.name, self);
    void Promise.resolve().then(() => pdev.setMaster());
    return self;
  },
});
export default module({ name: 'lib', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;
    const dir = fresh({ 'src/lib.ts': driver });
    const expected = ['src/lib.ts:8:26 drvlint/no-escape', 'src/lib.ts:9:10 drvlint/no-escape', 'src/lib.ts:9:33 drvlint/core-context'];
    expect((await cliFindings(dir)).keys).toEqual(expected);
    // --fix loads through ts-morph; nothing to fix here, so the findings are the same.
    const fixed = JSON.parse((await drvlint(dir, 'check', '--fix', '-f', 'json')).stdout) as {
      messages: { ruleId: string; line: number; column: number }[];
    }[];
    expect(fixed.flatMap((r) => r.messages.map((m) => `src/lib.ts:${m.line}:${m.column} ${m.ruleId}`)).sort()).toEqual(expected);
  });
});

describe('no file poisons a run', () => {
  it('a 6,000-term concatenation (which tsc accepts) leaves the other files their findings, and gets no internal error itself', async () => {
    const terms = Array.from({ length: 6000 }, (_, i) => `'s${i}'`).join(' + ');
    const dir = fresh({ 'src/deep.ts': `export const s = ${terms};\n`, 'src/faulty.ts': FAULTY });
    const r = await drvlint(dir, 'check', '-f', 'json');
    const found = (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[]).flatMap((f) =>
      f.messages.map((m) => `${path.basename(f.filePath)} ${m.ruleId}`),
    );
    expect(found).toEqual(['faulty.ts drvlint/no-escape', 'faulty.ts drvlint/devres-access']);
  });
});

describe('a file too deep for TypeScript', () => {
  it('is named as the file that overflows the parser, not blamed on the tsconfig', async () => {
    const depth = 20_000;
    const dir = fresh({
      'src/deep.ts': `const f = (x: unknown) => x;\nexport const v = ${'f('.repeat(depth)}0${')'.repeat(depth)};\n`,
      'src/faulty.ts': FAULTY,
    });
    const r = await drvlint(dir, 'check');
    expect([r.code, r.stderr]).toEqual([
      2,
      'drvlint: src/deep.ts: TypeScript ran out of stack reading this file (an expression or block nests too deeply for its parser); tsc fails on it too, so drvlint checked nothing: split the nesting\n',
    ]);
  });
});

describe('--cache', () => {
  const SELF = `class Self implements Disposable {\n  constructor(readonly t: hrtimer.Handle) {}\n  [Symbol.dispose]() {}\n}\n`;
  const DRV = `${DRIVER_HEAD}import { stop } from './helpers.js';\n${SELF}const driver = pci.driver({\n  name: 'x',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe: (_pdev: pci.Device<Core>) => new Self(hrtimer.create(() => hrtimer.Restart.NoRestart).start(10)),\n  unbind(_pdev, self) {\n    stop(self.t);\n  },\n});\nexport default module({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`;
  const HELPERS = (body: string) =>
    `import type { hrtimer } from '@drvlint/kernel';\nexport function stop(t: hrtimer.Handle): void {\n${body}\n}\n`;
  const keys = (stdout: string) =>
    (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[]).flatMap((f) =>
      f.messages.map((m) => `${path.basename(f.filePath)}:${m.line} ${m.ruleId}`),
    );

  it('reuses what nothing changed, and is correct across files: a teardown moved out of a helper elsewhere is found', async () => {
    const dir = fresh({ 'src/driver.ts': DRV, 'src/helpers.ts': HELPERS('  t.cancel();'), 'src/other.ts': CLEAN });
    expect(keys((await drvlint(dir, 'check', '--cache', '-f', 'json')).stdout)).toEqual([]);
    const location = path.join(dir, '.drvlintcache');
    expect(existsSync(location)).toBe(true);
    // Tamper with the cached results: an entry whose key still holds must be reused as it is.
    const store = JSON.parse(readFileSync(location, 'utf8')) as { entries: Record<string, { messages: unknown[] }> };
    const marker = {
      ruleId: 'drvlint/no-escape',
      severity: 2,
      message: 'from the cache',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      related: [],
    };
    for (const e of Object.values(store.entries)) e.messages = [marker];
    writeFileSync(location, JSON.stringify(store));
    // The teardown leaves the helper, in another file: the driver's key changes, other.ts's does not.
    writeFileSync(path.join(dir, 'src/helpers.ts'), HELPERS('  void t;'));
    const after = keys((await drvlint(dir, 'check', '--cache', '-f', 'json')).stdout);
    expect(after).toEqual(['driver.ts:10 drvlint/required-teardown', 'other.ts:1 drvlint/no-escape']);
  });

  it('--cache-location puts the cache where it says; a damaged cache is no cache', async () => {
    const dir = fresh({ 'src/driver.ts': DRV, 'src/helpers.ts': HELPERS('  void t;') });
    writeFileSync(path.join(dir, 'elsewhere.json'), '{ damaged');
    const r = await drvlint(dir, 'check', '--cache', '--cache-location', 'elsewhere.json', '-f', 'json');
    expect(keys(r.stdout)).toEqual(['driver.ts:10 drvlint/required-teardown']);
    expect(JSON.parse(readFileSync(path.join(dir, 'elsewhere.json'), 'utf8'))).toHaveProperty('entries');
    expect(existsSync(path.join(dir, '.drvlintcache'))).toBe(false);
  });
});

describe('progress', () => {
  it('shows files done and files per second on a terminal, for long runs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 25; i++)
      files[`src/f${i}.ts`] = `import { pci } from '@drvlint/kernel';\nexport const x${i} = pci.Vendor.REDHAT + ${i};\n`;
    const dir = fresh(files);
    let stderr = '';
    const { main } = await import('@drvlint/cli');
    const code = await main(['check'], {
      cwd: dir,
      stdout: { write: () => true, isTTY: true },
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\rdrvlint: 25\/25 files \(\d+ files\/s\)/);
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
  });
});
