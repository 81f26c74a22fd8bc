// `eslint --fix` and `drvlint check --fix` on the same project end with the
// same files and the same findings left. Under --fix typescript-eslint
// serves every file from its project service, whose program changes with
// each fix, so the plugin analyses files in views of their dependency sets
// on some programs and in the whole program on others (see adapt.ts): both
// must give what the CLI gives from one whole-program analysis.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without typings.
import { writeCorpus } from '../../scripts/bench/corpus.mjs';
import { cliFindings, drvlint, filesUnder, tempRoot } from '../cli/helpers.js';

const tmp = tempRoot('eslint-fix');
afterAll(() => tmp.cleanup());

describe('eslint --fix', () => {
  it('leaves the same files and findings as drvlint check --fix, on a project with fixes in many files', async () => {
    // A fault in every second driver: id tables without a terminator and `let` drivers (fixable) among faults that are not.
    const base = path.join(tmp.dir, 'base');
    writeCorpus(base, 40, { seed: 7, bugEvery: 2 });
    const viaCli = path.join(tmp.dir, 'cli');
    const viaEslint = path.join(tmp.dir, 'eslint');
    cpSync(base, viaCli, { recursive: true });
    cpSync(base, viaEslint, { recursive: true });

    await drvlint(viaCli, 'check', '--fix');
    const cliLeft = (await cliFindings(viaCli)).keys;

    const { ESLint } = await import('eslint');
    const plugin = (await import('eslint-plugin-drvlint')).default;
    const eslint = new ESLint({
      cwd: viaEslint,
      fix: true,
      overrideConfigFile: true,
      overrideConfig: [
        plugin.configs.recommended,
        { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: viaEslint } } },
      ],
    });
    const results = await eslint.lintFiles(['src']);
    await ESLint.outputFixes(results);
    const eslintLeft = results
      .flatMap((r) => r.messages.map((m) => `${path.relative(viaEslint, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
      .sort();

    const before = filesUnder(path.join(base, 'src'));
    const cliFiles = filesUnder(path.join(viaCli, 'src'));
    const changed = [...cliFiles].filter(([f, text]) => before.get(f) !== text).map(([f]) => f);
    // The corpus has fixes in several files, or this test proves nothing about programs that change between files.
    expect(changed.length).toBeGreaterThanOrEqual(3);
    expect(filesUnder(path.join(viaEslint, 'src'))).toEqual(cliFiles);
    expect(cliLeft.length).toBeGreaterThan(0);
    expect(eslintLeft).toEqual(cliLeft);
  }, 120_000);
});
