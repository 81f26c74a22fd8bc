// Every transform has a docs page with a before and after example and the
// cases it leaves for a person, as every rule has its page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformIds } from '@drvlint/migrations';
import { describe, expect, it } from 'vitest';
import { root } from '../cli/helpers.js';

describe.each(transformIds)('transform %s', (id) => {
  it('has a docs page: what it does, before, after, and what it leaves for a person', () => {
    const page = readFileSync(path.join(root, 'migrations', `${id}.md`), 'utf8');
    expect(page.startsWith(`# \`${id}\`\n`)).toBe(true);
    for (const heading of ['## Before', '## After', '## Left for a person']) expect(page).toContain(heading);
    expect(page).toMatch(/^Source: /m);
  });
});
