// The documentation stays inside the repository: every relative link in the
// project's Markdown resolves to a file or folder here, never outside it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli/helpers.js';

const pages = [
  'README.md',
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
});
