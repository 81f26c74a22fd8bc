// Meta-tests, as typescript-eslint has them: every rule has a docs page with
// the required sections, is in the presets, and its examples lint exactly as
// the page says (each `// !` line of a `ts bad` block is reported, nothing else;
// a `ts good` block is clean).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-drvlint';
import { rules, ruleIds } from '@drvlint/rules';
import { describe, expect, it } from 'vitest';
import { fixtureDir, markedLines } from './rule-tester.js';

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function examples(markdown: string): { kind: 'bad' | 'good'; code: string }[] {
  return [...markdown.matchAll(/```ts (bad|good)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1] as 'bad' | 'good', code: m[2] ?? '' }));
}

const eslint = new ESLint({
  cwd: fixtureDir,
  overrideConfigFile: true,
  // lintText hands each example in as file.ts's text. With CI=true,
  // typescript-estree would otherwise infer a single run, type-check file.ts
  // as it is on disk and lint that instead, so every bad example came back
  // clean on CI. RuleTester turns the inference off for the same reason.
  overrideConfig: [
    plugin.configs.strict,
    {
      languageOptions: {
        parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtureDir, disallowAutomaticSingleRunInference: true },
      },
    },
  ],
});

describe.each(ruleIds)('rule %s', (id) => {
  const page = readFileSync(path.join(rulesDir, `${id}.md`), 'utf8');

  it('has a docs page with the invariant, why, examples, options and a fix', () => {
    expect(page.startsWith(`# \`drvlint/${id}\`\n`)).toBe(true);
    for (const heading of ['## Why', '## Examples', '### Incorrect', '### Correct', '## How to fix']) expect(page).toContain(heading);
    expect(page).toMatch(/Options:\s/);
    expect(examples(page).some((e) => e.kind === 'bad')).toBe(true);
    expect(examples(page).some((e) => e.kind === 'good')).toBe(true);
  });

  it('is in the presets with the severity its meta gives', () => {
    const meta = rules[id].meta;
    expect(plugin.configs.recommended.rules?.[`drvlint/${id}`]).toBe(meta.presets.recommended);
    expect(plugin.configs.strict.rules?.[`drvlint/${id}`]).toBe(meta.presets.strict);
    expect(rules[id].docsUrl).toBe(plugin.rules[id].meta.docs?.url);
  });

  it('describes every option in its schema', () => {
    for (const s of rules[id].meta.schema) {
      for (const p of Object.values((s as { properties?: Record<string, { description?: string }> }).properties ?? {}))
        expect(p.description).toBeTruthy();
    }
  });

  it.each(examples(page).map((e, i) => [`${e.kind} example ${i + 1}`, e] as const))('%s lints as documented', async (_name, example) => {
    const [result] = await eslint.lintText(example.code, { filePath: path.join(fixtureDir, 'file.ts') });
    const fatal = result?.messages.filter((m) => m.fatal) ?? [];
    expect(fatal).toEqual([]);
    const lines = (result?.messages ?? []).filter((m) => m.ruleId === `drvlint/${id}`).map((m) => m.line);
    const expected = example.kind === 'good' ? [] : markedLines(example.code);
    expect(lines).toEqual(expected);
  });
});
