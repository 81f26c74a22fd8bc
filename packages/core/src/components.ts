// Results per file, reused while nothing the file's findings can depend on
// has changed. A file's findings depend on the files it is connected to by
// imports, in either direction (helpers it calls, the driver descriptor that
// makes its class the private data); an edit elsewhere keeps the cache.
// The editor's cache and `drvlint check --cache` both key on these groups.
import type { Finding } from './rule.js';
import type { TS, TypeScript } from './ts.js';

export interface Cached {
  readonly signature: string;
  readonly findings: readonly Finding[];
}

/** The import-connected group of each analysed file of a program, computed once per program. */
export class Components {
  readonly #of = new Map<string, readonly string[]>();

  constructor(ts: TypeScript, program: TS.Program, analysed: (f: TS.SourceFile) => boolean) {
    const checker = program.getTypeChecker();
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r) ?? r;
      parent.set(x, r);
      return r;
    };
    const files = program.getSourceFiles().filter(analysed);
    for (const f of files) parent.set(f.fileName, f.fileName);
    for (const f of files) {
      for (const st of f.statements) {
        const spec = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier : undefined;
        const target = spec ? checker.getSymbolAtLocation(spec)?.declarations?.[0]?.getSourceFile().fileName : undefined;
        if (target && parent.has(target)) parent.set(find(target), find(f.fileName));
      }
    }
    const groups = new Map<string, string[]>();
    for (const f of files) {
      const r = find(f.fileName);
      const g = groups.get(r);
      if (g) g.push(f.fileName);
      else groups.set(r, [f.fileName]);
    }
    for (const g of groups.values()) {
      g.sort();
      for (const f of g) this.#of.set(f, g);
    }
  }

  /** The sorted file names of `fileName`'s group: one array per group, so callers can key on its identity. */
  of(fileName: string): readonly string[] {
    return this.#of.get(fileName) ?? [fileName];
  }
}

const views = new WeakMap<TS.Program, WeakMap<readonly string[], TS.Program>>();

/**
 * The program as seen from one import-connected group: the same program and
 * checker, with only the group's own files (and every declaration and
 * library file) listed. A file's findings depend only on its group (see
 * above), so an `Analysis` of this view gives them, and its program-wide
 * passes (driver discovery, kept obligations, operational paths, callers)
 * cost the group, not the project. One view per group and program, so
 * `Analysis.for` caches it like any program.
 */
export function groupView(program: TS.Program, group: readonly string[]): TS.Program {
  let byGroup = views.get(program);
  if (!byGroup) views.set(program, (byGroup = new WeakMap()));
  // Keyed on the group's array (Components gives one per group): a key built from its names would cost the group's size per file.
  let view = byGroup.get(group);
  if (view) return view;
  const members = new Set(group);
  const files = program.getSourceFiles().filter((sf) => members.has(sf.fileName) || sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf));
  // Methods are bound once: the analysis asks the program things (isSourceFileFromExternalLibrary…) per node.
  const bound = new Map<PropertyKey, unknown>([['getSourceFiles', () => files]]);
  view = new Proxy(program, {
    get(target, k, receiver) {
      if (bound.has(k)) return bound.get(k);
      const v = Reflect.get(target, k, receiver) as unknown;
      if (typeof v !== 'function') return v;
      const b = (v as (...a: unknown[]) => unknown).bind(target);
      bound.set(k, b);
      return b;
    },
  });
  byGroup.set(group, view);
  return view;
}
