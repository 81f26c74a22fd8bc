// Every rule's docs examples, written out as one real project, so that the
// front ends can be compared on at least one finding of each rule (the
// sample drivers do not trip all nine).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ruleIds } from '@drvlint/rules';
import { TSCONFIG, project, root, tempRoot } from './cli/helpers.js';

export function docsExamplesProject(): { dir: string; cleanup(): void } {
  const files: Record<string, string> = {};
  for (const id of ruleIds) {
    const page = readFileSync(path.join(root, 'rules', `${id}.md`), 'utf8');
    let n = 0;
    for (const m of page.matchAll(/```ts (bad|good)\n([\s\S]*?)```/g)) files[`src/${id}-${m[1]}-${++n}.ts`] = m[2] ?? '';
  }
  const t = tempRoot('examples');
  // Node's types too: examples use setTimeout, as drivers in this API may.
  project(t.dir, files, { ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, types: ['node'] } });
  return t;
}
