// The CLI and the ESLint plugin report identical findings (rule, file, line,
// column) on every fixture project: one analysis, two front ends.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromDrvlintConfig } from 'eslint-plugin-drvlint';
import { cliFindings as viaCli } from './cli/helpers.js';
import { ruleIds } from '@drvlint/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { docsExamplesProject } from './docs-examples.js';
import { typedEslint } from './eslint/typed-eslint.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projects = ['fixtures/drivers', 'fixtures/typecheck', 'test/fixtures/spec-example', 'fixtures/legacy'];

type Key = string;

/** ESLint over the same files the CLI checked (the tsconfig's own, not build output). */
async function viaEslint(dir: string, files: string[]): Promise<Key[]> {
  // The project's drvlint.config.json, as the CLI reads it.
  const configFile = path.join(dir, 'drvlint.config.json');
  const fromConfig = existsSync(configFile)
    ? [fromDrvlintConfig(JSON.parse(readFileSync(configFile, 'utf8')) as Parameters<typeof fromDrvlintConfig>[0])]
    : [];
  const eslint = await typedEslint(dir, ...fromConfig);
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`)).sort();
}

describe('CLI and ESLint parity', () => {
  it.each(projects)('%s', async (project) => {
    const dir = path.join(root, project);
    const cli = await viaCli(dir);
    expect(cli.keys.length).toBeGreaterThan(0);
    expect(cli.keys).toEqual(await viaEslint(dir, cli.files));
  });

  const examples = docsExamplesProject();
  afterAll(examples.cleanup);
  it('the docs examples, with findings of every rule', async () => {
    const cli = await viaCli(examples.dir);
    expect(new Set(cli.keys.map((k) => k.split(' ')[1]))).toEqual(new Set(ruleIds.map((id) => `drvlint/${id}`)));
    expect(cli.keys).toEqual(await viaEslint(examples.dir, cli.files));
  });
});
