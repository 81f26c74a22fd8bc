// The shape of the code, checked: no import cycles anywhere in source; core's
// folders import only from the layers below them; few files at core's top;
// no long source file without a stated reason.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Source roots: what ships. Tests, fixtures and build output are not source. */
const SOURCE_ROOTS = [
  'packages/kernel/src',
  'packages/core/src',
  'rules',
  'migrations',
  'packages/eslint-plugin/src',
  'packages/cli/src',
  'packages/ts-plugin/src',
];

/** Core's layers, lowest first. A folder imports from its own layer and those below; `ts.ts` is below them all. */
export const CORE_LAYERS = [
  'syntax',
  'report',
  'program',
  'model',
  'calls',
  'facts',
  'discovery',
  'values',
  'flow',
  'rule',
  'reach',
  'findings',
] as const;

const MAX_LINES = 400;
/** A file may be longer when its opening comment says why, in a line that starts with this. */
const LONG_REASON = /^\/\/ Longer than 400 lines: \S/m;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test') continue;
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every relative import of `file` (type-only ones included: a cycle of types is still a cycle of meaning). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

const files = SOURCE_ROOTS.flatMap((r) => sourceFiles(path.join(root, r)));
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
const rel = (f: string): string => path.relative(root, f);

/** Strongly connected components with more than one file, or a file that imports itself (Tarjan). */
function cycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.map(rel).sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the import graph', () => {
  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(graph.get(path.join(root, 'packages/core/src/analysis.ts'))!.length).toBeGreaterThan(5);
  });

  it('has no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('sees a cycle when there is one', () => {
    const g = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
      ['/d.ts', ['/a.ts']],
    ]);
    expect(cycles(g)).toHaveLength(1);
  });
});

describe("core's layers", () => {
  const core = path.join(root, 'packages/core/src');
  const layerOf = (f: string): number | 'top' | 'ts' => {
    const r = path.relative(core, f);
    if (r === 'ts.ts') return 'ts';
    const folder = r.split(path.sep)[0]!;
    if (folder === r) return 'top';
    const i = (CORE_LAYERS as readonly string[]).indexOf(folder);
    if (i < 0) throw new Error(`packages/core/src/${folder}/ is not a layer: add it to CORE_LAYERS in its place`);
    return i;
  };
  const coreFiles = files.filter((f) => f.startsWith(core + path.sep));

  it('each folder imports only from itself and the layers below it', () => {
    const wrong: string[] = [];
    for (const f of coreFiles) {
      const from = layerOf(f);
      if (from === 'top' || from === 'ts') continue;
      for (const t of graph.get(f) ?? []) {
        const to = layerOf(t);
        if (to === 'ts') continue;
        if (to === 'top' || to > from) wrong.push(`${rel(f)} -> ${rel(t)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every folder is a layer, and the top holds at most 12 files', () => {
    const entries = readdirSync(core);
    const folders = entries.filter((e) => statSync(path.join(core, e)).isDirectory());
    expect(folders.sort()).toEqual([...CORE_LAYERS].sort());
    expect(entries.length - folders.length).toBeLessThanOrEqual(12);
  });
});

describe('file size', () => {
  it(`no source file is over ${MAX_LINES} lines without a stated reason`, () => {
    const long = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return text.split('\n').length > MAX_LINES && !LONG_REASON.test(text);
    });
    expect(long.map(rel)).toEqual([]);
  });
});
