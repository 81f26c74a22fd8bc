// What a file's results can depend on, from the import graph, so that work
// is reused while none of it changed and an edit redoes only what it touches.
// - A file's own facts (its index, the driver calls in it) come from the
//   checker's answers about its nodes, which depend only on the files it
//   imports, transitively: its forward closure.
// - Its findings depend also on the files that import it, transitively
//   (the descriptor that makes its class the private data, the unbind that
//   tears its handle down), and on what those import: the forward closure of
//   the file and its importers.
// A leaf driver's set is the driver and the helpers it uses, even when every
// driver imports the same shared module; only the shared module's own set is
// the project. Files that add globals (scripts, `declare global`, module
// augmentations) can change any file's types, so they are in every set.
// The editor's cache and `drvlint check --cache` both key on these sets.
import { canResolve, changedFiles, importsOf, keptPerResolutions } from './imports.js';
import type { Finding } from '../report/finding.js';
import type { TS, TypeScript } from '../ts.js';

export interface Cached {
  readonly signature: string;
  readonly findings: readonly Finding[];
}

/** The import graph of a program's analysed files, computed once per program; sets are made on demand. */
export class Components {
  readonly #imports = new Map<string, string[]>();
  readonly #importers = new Map<string, string[]>();
  readonly #ambient: string[] = [];
  readonly #forward = new Map<string, readonly string[]>();
  readonly #of = new Map<string, readonly string[]>();
  /** One array per distinct set, so callers can key on its identity. */
  readonly #interned = new Map<string, readonly string[]>();

  #files: readonly TS.SourceFile[];

  /** The analysed files this graph was made from (or last found equal to), in program order. */
  get files(): readonly TS.SourceFile[] {
    return this.#files;
  }

  /**
   * The import graph of `program`'s analysed files. A program made from an
   * earlier one by an edit that changed no import shares its resolutions
   * (see importsOf) and, unless an edited file's imports now go elsewhere,
   * its graph: that graph is handed back, with every set already made, so an
   * edit costs a pass over the file list, not a rebuild.
   */
  static for(ts: TypeScript, program: TS.Program, files: readonly TS.SourceFile[]): Components {
    return keptPerResolutions(
      graphs,
      program,
      files,
      (g) => (g.#same(ts, program, files) ? g : undefined),
      () => new Components(ts, program, files),
    );
  }

  private constructor(ts: TypeScript, program: TS.Program, files: readonly TS.SourceFile[]) {
    this.#files = files;
    for (const f of files) {
      this.#imports.set(f.fileName, []);
      this.#importers.set(f.fileName, []);
    }
    for (const f of files) {
      if (addsGlobals(ts, f)) this.#ambient.push(f.fileName);
      const out = this.#edgesOf(ts, program, f);
      this.#imports.set(f.fileName, out);
      for (const target of out) this.#importers.get(target)?.push(f.fileName);
    }
  }

  /** Where `f`'s imports go among the graph's files. */
  #edgesOf(ts: TypeScript, program: TS.Program, f: TS.SourceFile): string[] {
    // From the program's resolutions. An import they do not place can still reach an analysed file through an ambient
    // module, but that file adds globals and is in every set already; only without the resolutions is the checker asked.
    const checker = canResolve(program) ? undefined : program.getTypeChecker();
    const out: string[] = [];
    for (const { spec, target: resolved } of importsOf(ts, program, f)) {
      const target = resolved ?? checker?.getSymbolAtLocation(spec)?.declarations?.[0]?.getSourceFile().fileName;
      if (target === undefined || target === f.fileName || !this.#importers.has(target) || out.includes(target)) continue;
      out.push(target);
    }
    return out;
  }

  /** Whether `files` (of a program with this graph's resolutions) make the same graph: the same files, and edited ones importing as before. */
  #same(ts: TypeScript, program: TS.Program, files: readonly TS.SourceFile[]): boolean {
    const changed = changedFiles(this.#files, files);
    if (!changed) return false;
    for (const [was, now] of changed) {
      if (addsGlobals(ts, now) !== addsGlobals(ts, was)) return false;
      const edges = this.#edgesOf(ts, program, now);
      const old = this.#imports.get(now.fileName) ?? [];
      if (edges.length !== old.length || edges.some((e, j) => e !== old[j])) return false;
    }
    this.#files = files;
    return true;
  }

  /** Whether `fileName` is one of the graph's files. */
  has(fileName: string): boolean {
    return this.#imports.has(fileName);
  }

  /** `fileName` and every file it imports, transitively (and the files that add globals): what its own facts depend on. */
  forward(fileName: string): readonly string[] {
    let known = this.#forward.get(fileName);
    if (!known) this.#forward.set(fileName, (known = this.#closure([fileName], this.#imports)));
    return known;
  }

  /** What the findings of `fileName` can depend on: the forward closure of the file and of every file that imports it, transitively. */
  of(fileName: string): readonly string[] {
    let known = this.#of.get(fileName);
    if (!known) this.#of.set(fileName, (known = this.#closure(this.#closure([fileName], this.#importers), this.#imports)));
    return known;
  }

  #closure(from: readonly string[], edges: ReadonlyMap<string, readonly string[]>): readonly string[] {
    // The files that add globals come along, with what they in turn reach.
    const seen = new Set<string>();
    const todo = [...from, ...this.#ambient];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (seen.has(f)) continue;
      seen.add(f);
      for (const g of edges.get(f) ?? []) if (!seen.has(g)) todo.push(g);
    }
    const sorted = [...seen].sort();
    const key = sorted.join('\0');
    let interned = this.#interned.get(key);
    if (!interned) this.#interned.set(key, (interned = sorted));
    return interned;
  }
}

/** A script (no imports or exports), or a module that augments the global scope or another module. */
function addsGlobals(ts: TypeScript, sf: TS.SourceFile): boolean {
  if (!ts.isExternalModule(sf)) return !sf.isDeclarationFile || sf.statements.length > 0;
  return sf.statements.some(
    (st) => ts.isModuleDeclaration(st) && (ts.isStringLiteral(st.name) || (st.flags & ts.NodeFlags.GlobalAugmentation) !== 0),
  );
}

/** The last graphs made for each resolution key (see Components.for). */
const graphs = new WeakMap<object, readonly Components[]>();

const views = new WeakMap<TS.Program, WeakMap<readonly string[], TS.Program>>();
/** Each view's program. */
const wholeOf = new WeakMap<TS.Program, TS.Program>();

/** The program `view` was made from by groupView, or undefined for a program that is no view. */
export function viewedProgram(view: TS.Program): TS.Program | undefined {
  return wholeOf.get(view);
}

/**
 * The program as seen from one file's dependency set (Components.of): the
 * same program and checker, with only the set's own files (and every
 * declaration and library file) listed. A file's findings depend only on
 * that set (see above), so an `Analysis` of this view gives them, and its
 * program-wide passes (driver discovery, kept obligations, operational
 * paths, callers) cost the set, not the project. One view per set and program, so
 * `Analysis.for` caches it like any program.
 */
export function groupView(program: TS.Program, group: readonly string[]): TS.Program {
  let byGroup = views.get(program);
  if (!byGroup) views.set(program, (byGroup = new WeakMap()));
  // Keyed on the set's array (Components gives one per distinct set): a key built from its names would cost the set's size per file.
  let view = byGroup.get(group);
  if (view) return view;
  const members = new Set(group);
  const files = program
    .getSourceFiles()
    .filter((sf) => members.has(sf.fileName) || sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf));
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
  wholeOf.set(view, program);
  return view;
}
