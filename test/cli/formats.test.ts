import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleIds } from '@drvlint/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEAN, DRIVER_HEAD, FAULTY, drvlint, project, root, tempRoot } from './helpers.js';
import { sarifErrors } from './sarif-schema.js';

const tmp = tempRoot('cli-formats');
afterAll(() => tmp.cleanup());
const dir = project(path.join(tmp.dir, 'p'), { 'src/faulty.ts': FAULTY, 'src/clean.ts': CLEAN });

describe('drvlint check output formats', () => {
  it('stylish: grouped per file, code frame, related locations, summary; exit 1 on errors', async () => {
    const r = await drvlint(dir, 'check');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/faulty.ts');
    expect(r.stdout).not.toContain('src/clean.ts');
    expect(r.stdout).toMatch(
      / {2}6:35 {2}error {2}A device reference `pdev.ref\(\)` is stored in module-level `last` and outlives the binding\. {2}drvlint\/no-escape/,
    );
    expect(r.stdout).toContain('> 6 |   probe(pdev: pci.Device<Core>) { last = pdev.ref();');
    expect(r.stdout).toMatch(/related: src\/faulty\.ts:2:5 module-level `last` is declared here/);
    expect(r.stdout).toContain('✖ 2 problems (1 error, 1 warning)');
    expect(r.stdout).toContain('0 errors and 1 warning potentially fixable with the `--fix` option.');
  });

  it("json: ESLint's formatter shape", async () => {
    const r = await drvlint(dir, 'check', '--format', 'json');
    const out = JSON.parse(r.stdout) as {
      filePath: string;
      messages: Record<string, unknown>[];
      errorCount: number;
      warningCount: number;
      fixableErrorCount: number;
      fixableWarningCount: number;
    }[];
    expect(out.map((f) => path.relative(dir, f.filePath)).sort()).toEqual(['src/clean.ts', 'src/faulty.ts']);
    const faulty = out.find((f) => f.filePath.endsWith('faulty.ts'));
    expect(faulty).toMatchObject({ errorCount: 1, warningCount: 1, fixableErrorCount: 0, fixableWarningCount: 1 });
    expect(faulty?.messages[0]).toMatchObject({ ruleId: 'drvlint/no-escape', severity: 2, line: 6, column: 35, endLine: 6, endColumn: 52 });
    expect(faulty?.messages[1]).toMatchObject({
      ruleId: 'drvlint/devres-access',
      severity: 1,
      line: 9,
      column: 5,
      endLine: 9,
      endColumn: 25,
    });
    expect(Object.keys(faulty?.messages[0] ?? {}).sort()).toEqual([
      'column',
      'endColumn',
      'endLine',
      'line',
      'message',
      'ruleId',
      'severity',
    ]);
    // Two edits (the call, and the `?.` after it) merge into one covering replacement, as ESLint's own fixer merges them.
    expect(faulty?.messages[1]?.fix).toEqual({ range: [expect.any(Number), expect.any(Number)], text: 'access(pdev).' });
  });

  it('sarif: valid SARIF 2.1.0 with rule metadata and fingerprints that survive moved lines', async () => {
    const r = await drvlint(dir, 'check', '--format', 'sarif', '--base-dir', '.');
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toBe('');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ruleIds.map((id) => `drvlint/${id}`));
    expect(run.tool.driver.rules[0].helpUri).toMatch(/rules\/[\w-]+\.md$/);
    // The rule's page as Markdown help; columns as the CLI counts them; a category of its own in code scanning.
    expect(run.tool.driver.rules[0].help.markdown).toBe(readFileSync(path.join(root, 'rules', `${ruleIds[0]}.md`), 'utf8'));
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.automationDetails).toEqual({ id: 'drvlint/' });
    expect(run.results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['drvlint/no-escape', 'drvlint/devres-access']);
    expect(run.results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'src/faulty.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6 },
    });

    // Moving the code down two lines changes the line, not the fingerprint.
    const moved = project(path.join(tmp.dir, 'moved'), { 'src/faulty.ts': `// one\n// two\n${FAULTY}` });
    const again = JSON.parse((await drvlint(moved, 'check', '--format', 'sarif', '--base-dir', '.')).stdout).runs[0].results;
    expect(again[0].locations[0].physicalLocation.region.startLine).toBe(8);
    expect(again.map((x: { partialFingerprints: object }) => x.partialFingerprints)).toEqual(
      run.results.map((x: { partialFingerprints: object }) => x.partialFingerprints),
    );
  });

  it('github and sarif paths are relative to the repository root by default, so annotations land in a monorepo', async () => {
    const repo = path.join(tmp.dir, 'repo');
    const pkg = project(path.join(repo, 'packages', 'my drv'), { 'src/faulty.ts': FAULTY, 'src/clean.ts': CLEAN });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const github = await drvlint(pkg, 'check', '--format', 'github');
    expect(github.stdout).toMatch(/^::error file=packages\/my drv\/src\/faulty\.ts,line=6,/m);
    const sarif = JSON.parse((await drvlint(pkg, 'check', '--format', 'sarif')).stdout).runs[0];
    expect(sarif.originalUriBaseIds['%SRCROOT%'].uri).toBe(`${pathToFileURL(realpathSync(repo)).href}/`);
    expect(sarif.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'packages/my%20drv/src/faulty.ts',
      uriBaseId: '%SRCROOT%',
    });
    // --base-dir overrides, relative to the working directory.
    expect((await drvlint(pkg, 'check', '--format', 'github', '--base-dir', 'src')).stdout).toMatch(/^::error file=faulty\.ts,line=6,/m);
  });

  it('stylish: the caret stands under the finding after tabs and astral characters', async () => {
    const src = `${DRIVER_HEAD}let last: unknown;\nconst driver = pci.driver({\n\tname: 'x',\n\tidTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n\tprobe(pdev: pci.Device<Core>) {\n\t\t/* 🐧 */ last = pdev.ref();\n\t\treturn {};\n\t},\n});\nexport default module({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`;
    const tabs = project(path.join(tmp.dir, 'tabs'), { 'src/tabs.ts': src });
    const lines = (await drvlint(tabs, 'check')).stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('/* 🐧 */ last = pdev.ref();'));
    expect(lines[at + 1]).toBe(
      `${' '.repeat(7)} | \t\t${' '.repeat(Array.from('/* 🐧 */ ').length)}${'^'.repeat('last = pdev.ref()'.length)}`,
    );
  });

  it('github: workflow annotations, then the normal report for the log, and a job summary where GitHub asks for one', async () => {
    const summary = path.join(tmp.dir, 'step-summary.md');
    process.env.GITHUB_STEP_SUMMARY = summary;
    let r;
    try {
      r = await drvlint(dir, 'check', '--format', 'github', '--base-dir', '.');
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '::error file=src/faulty.ts,line=6,col=35,endLine=6,endColumn=52,title=drvlint/no-escape::A device reference `pdev.ref()` is stored in module-level `last` and outlives the binding.',
      expect.stringMatching(/^::warning file=src\/faulty\.ts,line=9,col=5,.*title=drvlint\/devres-access::/),
    ]);
    // GitHub keeps at most 10 annotations of a kind per step: the report in the log has every finding.
    expect(lines[2]).toBe('src/faulty.ts');
    expect(lines).toContain('✖ 2 problems (1 error, 1 warning)');
    const written = readFileSync(summary, 'utf8');
    expect(
      written.startsWith('## drvlint\n\n2 problems (1 error, 1 warning).\n\n| level | where | rule | message |\n|---|---|---|---|\n'),
    ).toBe(true);
    expect(written).toContain(
      '| error | `src/faulty.ts:6:35` | `drvlint/no-escape` | A device reference `pdev.ref()` is stored in module-level `last` and outlives the binding. |\n',
    );
    expect(written).toMatch(/\| warning \| `src\/faulty\.ts:9:5` \| `drvlint\/devres-access` \| .+ \|\n$/);
  });

  it('prints nothing extra when piped, and nothing at all for a clean project', async () => {
    const clean = project(path.join(tmp.dir, 'clean'), { 'src/clean.ts': CLEAN });
    const r = await drvlint(clean, 'check');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
