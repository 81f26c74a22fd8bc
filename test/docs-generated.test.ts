// The tables in README.md and docs/ are written by scripts/docs.mjs from what
// they describe (rule and transform metadata, the last benchmark and soundness
// runs). This fails when one drifts: run `npm run docs`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without declarations
import { BLOCKS, render } from '../scripts/docs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = Object.keys(BLOCKS as Record<string, unknown>);
const renderFile = render as (file: string, text: string) => string;

describe('generated docs', () => {
  it.each(files)('%s is as scripts/docs.mjs writes it', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(renderFile(file, text)).toBe(text);
  });

  it('lists every rule and every transform, with a link to its page', async () => {
    const { ruleIds } = await import('@drvlint/rules');
    const { transformIds } = await import('@drvlint/migrations');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const id of ruleIds) expect(readme).toContain(`| [\`${id}\`](rules/${id}.md) |`);
    for (const id of transformIds) expect(readme).toContain(`| [\`${id}\`](migrations/${id}.md) |`);
  });

  it('sees a stale table', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const stale = readme.replace(
      /\| \[`no-escape`\]\(rules\/no-escape\.md\) \| [^|]*\|/,
      '| [`no-escape`](rules/no-escape.md) | something else |',
    );
    expect(stale).not.toBe(readme);
    expect(renderFile('README.md', stale)).not.toBe(stale);
  });
});
