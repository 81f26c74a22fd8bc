// docs/ci.md's workflow and lint-staged recipe, run as written: the drvlint
// commands of the workflow on a project with a finding, the SARIF file they
// write validated against the SARIF 2.1.0 schema, and the lint-staged
// command given a staged file outside the tsconfig.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTY, drvlint, project, root, tempRoot } from './cli/helpers.js';
import { sarifErrors } from './cli/sarif-schema.js';

const doc = readFileSync(path.join(root, 'docs/ci.md'), 'utf8');
const block = (name: string, lang: string): string => {
  const m = new RegExp(`<!-- ci:${name} -->\\n\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m?.[1]) throw new Error(`docs/ci.md has no ${name} block`);
  return m[1];
};
/** `npx drvlint a b c` as the argument list after `drvlint`. */
const argsOf = (command: string): string[] =>
  command
    .replace(/^npx drvlint /, '')
    .trim()
    .split(/\s+/);

const tmp = tempRoot('docs-ci');
afterAll(tmp.cleanup);

describe('docs/ci.md', () => {
  it("the workflow's drvlint steps give annotations and a SARIF file that validates", async () => {
    const workflow = jsYaml.load(block('workflow', 'yaml')) as {
      jobs: { drvlint: { steps: { run?: string; with?: { sarif_file?: string } }[] } };
    };
    const steps = workflow.jobs.drvlint.steps;
    const commands = steps.flatMap((s) => (s.run?.startsWith('npx drvlint ') ? [s.run] : []));
    expect(commands).toHaveLength(2);
    const dir = project(path.join(tmp.dir, 'workflow'), { 'src/faulty.ts': FAULTY });
    const annotations = await drvlint(dir, ...argsOf(commands[0] as string));
    expect(annotations.code).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=/m);
    const sarif = await drvlint(dir, ...argsOf(commands[1] as string));
    expect([sarif.code, sarif.stdout]).toEqual([1, '']);
    const uploaded = steps.find((s) => s.with?.sarif_file)?.with?.sarif_file as string;
    const log = JSON.parse(readFileSync(path.join(dir, uploaded), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarifErrors(log)).toBe('');
    expect(log.runs[0]?.results).toHaveLength(2);
  });

  it('the lint-staged command reports the staged driver and skips a staged file outside the tsconfig', async () => {
    const command = (JSON.parse(block('lint-staged', 'json')) as { 'lint-staged': Record<string, string> })['lint-staged'][
      '*.ts'
    ] as string;
    const dir = project(path.join(tmp.dir, 'staged'), { 'src/faulty.ts': FAULTY, 'scripts/release.ts': 'export const v = 1;\n' });
    // lint-staged appends the staged files' absolute paths.
    const r = await drvlint(
      dir,
      ...command.replace(/^drvlint /, '').split(/\s+/),
      path.join(dir, 'src/faulty.ts'),
      path.join(dir, 'scripts/release.ts'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^drvlint: skipped .*scripts\/release\.ts: no file of the project is there/);
  });
});
