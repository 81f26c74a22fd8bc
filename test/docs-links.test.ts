// The documentation stays inside the repository: every relative link in the
// project's Markdown resolves to a file or folder here, never outside it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli/helpers.js';

const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...['docs', 'rules', 'migrations'].flatMap((d) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `${d}/${f}`),
  ),
  ...readdirSync(path.join(root, 'packages'))
    .map((p) => `packages/${p}/README.md`)
    .filter((f) => existsSync(path.join(root, f))),
];

describe.each(pages)('%s', (page) => {
  it('links only to files inside the repository that exist', () => {
    const text = readFileSync(path.join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    const bad = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => (m[1] ?? '').split('#')[0] ?? '')
      .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
      .filter((target) => {
        const resolved = path.resolve(path.dirname(path.join(root, page)), target);
        return path.relative(root, resolved).startsWith('..') || !existsSync(resolved);
      });
    expect(bad).toEqual([]);
  });

  it("links to headings that exist in the page they name (GitHub's anchors)", () => {
    const text = readFileSync(path.join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    const bad = [...text.matchAll(/\]\(([^)\s#]*\.md)#([^)\s]+)\)/g)].filter(([, target, anchor]) => {
      const file = path.resolve(path.dirname(path.join(root, page)), target ?? '');
      return !existsSync(file) || !anchorsOf(readFileSync(file, 'utf8')).has(anchor ?? '');
    });
    expect(bad.map((m) => m[0])).toEqual([]);
  });
});

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const headings = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#+\s+(.+)$/gm)].map((m) => m[1] ?? '');
  return new Set(
    headings.map((h) =>
      h
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe("every ESLint rule's docs URL", () => {
  it('names a page of this repository that exists, at a heading that exists', async () => {
    const plugin = (await import('eslint-plugin-drvlint')).default;
    const base = 'https://github.com/drvlint/drvlint';
    const bad = Object.entries(plugin.rules).flatMap(([id, rule]) => {
      const url = (rule.meta.docs as { url?: string } | undefined)?.url ?? '';
      const [where = '', anchor] = url.slice(base.length).split('#');
      const file = where === '' ? 'README.md' : where.replace(/^\/blob\/main\//, '');
      const ok =
        url.startsWith(base) &&
        existsSync(path.join(root, file)) &&
        (anchor === undefined || anchorsOf(readFileSync(path.join(root, file), 'utf8')).has(anchor));
      return ok ? [] : [`${id}: ${url}`];
    });
    expect(bad).toEqual([]);
  });
});
