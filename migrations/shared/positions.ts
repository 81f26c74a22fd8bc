// Sites are reported where they are in the files as they were before the
// migration: the same places whether the run only previews (`--check`, the
// diff) or writes. A transform finds them in the text as the steps before it
// left it, so each is carried back through a line diff.
import { diffLines } from 'diff';
import type { Site } from './transform.js';

/** For each 1-based line of `after`, the line of `before` it is (or, for an added line, where it was added). */
export function lineMap(before: string, after: string): (line: number) => number {
  const map: number[] = [0];
  let old = 1;
  for (const part of diffLines(before, after)) {
    const n = part.count;
    if (part.removed) old += n;
    else if (part.added) for (let i = 0; i < n; i++) map.push(old);
    else for (let i = 0; i < n; i++) map.push(old++);
  }
  return (line) => map[line] ?? line;
}

/** Carries sites found in `text` back to `original`; the column is kept where the line is unchanged. */
export function placer(original: string, text: string): (site: Site) => Site {
  if (text === original) return (site) => site;
  const map = lineMap(original, text);
  const was = original.split('\n');
  const is = text.split('\n');
  return (site) => {
    const line = map(site.line);
    return { ...site, line, column: was[line - 1] === is[site.line - 1] ? site.column : 1 };
  };
}
