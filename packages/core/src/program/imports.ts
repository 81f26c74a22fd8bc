// Where each file's imports go, read from the program's own module
// resolutions and kept across programs. An editor or `eslint --fix` makes a
// new program on every edit; when the edit changes no import, TypeScript
// reuses the old program's structure completely and hands the new program
// the very same resolution map. A file's import targets are a function of
// its syntax (the same source file object) and that map, so they are kept
// per map and per file: an edit re-reads the edited file, not the project.
import type { TS, TypeScript } from '../ts.js';

export interface FileImport {
  /** The module specifier of an import or export declaration. */
  readonly spec: TS.StringLiteral;
  /**
   * The source file it resolves to, spelled as the program spells it, or
   * undefined when it does not resolve or the program cannot say (see
   * canResolve): an ambient `declare module` is only known to the checker.
   */
  readonly target: string | undefined;
}

type Resolving = {
  getResolvedModuleFromModuleSpecifier?: (
    spec: TS.StringLiteralLike,
    sf: TS.SourceFile,
  ) => { resolvedModule?: { resolvedFileName: string } } | undefined;
  /** Shared by every program that reused its predecessor's structure completely; a new map otherwise. */
  resolvedModules?: unknown;
};

/**
 * Whether the program tells where its imports go without the checker. The
 * method is TypeScript's, on the program since 5.3, though not in its public
 * typings; without it every unresolved target has to be asked of the checker.
 */
export function canResolve(program: TS.Program): boolean {
  return typeof (program as unknown as Resolving).getResolvedModuleFromModuleSpecifier === 'function';
}

/** The file an import resolves to (see FileImport.target). */
function resolvedFile(program: TS.Program, sf: TS.SourceFile, spec: TS.StringLiteral): string | undefined {
  const lookup = (program as unknown as Resolving).getResolvedModuleFromModuleSpecifier;
  if (typeof lookup !== 'function') return undefined;
  const name = lookup.call(program, spec, sf)?.resolvedModule?.resolvedFileName;
  return name === undefined ? undefined : (program.getSourceFile(name)?.fileName ?? name);
}

/**
 * What to key facts on that only the program's files and their resolutions
 * decide: its resolution map, the same object for programs that share it,
 * or the program itself when TypeScript does not expose the map.
 */
export function resolutionKey(program: TS.Program): object {
  const map = (program as unknown as Resolving).resolvedModules;
  return map instanceof Map ? map : program;
}

/**
 * The files of `now` that are other objects than at the same place in
 * `before` (old to new), or undefined when the lists hold other files.
 */
export function changedFiles(
  before: readonly TS.SourceFile[],
  now: readonly TS.SourceFile[],
): Map<TS.SourceFile, TS.SourceFile> | undefined {
  if (before.length !== now.length) return undefined;
  const changed = new Map<TS.SourceFile, TS.SourceFile>();
  for (let i = 0; i < now.length; i++) {
    const was = before[i] as TS.SourceFile;
    const is = now[i] as TS.SourceFile;
    if (is === was) continue;
    if (is.fileName !== was.fileName) return undefined;
    changed.set(was, is);
  }
  return changed;
}

/**
 * Something derived from a list of a program's files, kept per resolution
 * key for the next program: `reuse` brings an earlier one up to `files` (or
 * gives undefined), else `make` derives it anew. A program and the views
 * made from it (see groupView) share a key with other file lists, so a few
 * are kept per key, one per list length, newest first.
 */
export function keptPerResolutions<T extends { readonly files: readonly TS.SourceFile[] }>(
  store: WeakMap<object, readonly T[]>,
  program: TS.Program,
  files: readonly TS.SourceFile[],
  reuse: (earlier: T) => T | undefined,
  make: () => T,
): T {
  const key = resolutionKey(program);
  const earlier = store.get(key) ?? [];
  let kept: T | undefined;
  for (const e of earlier) if ((kept = reuse(e))) break;
  kept ??= make();
  store.set(key, [kept, ...earlier.filter((e) => e.files.length !== files.length)].slice(0, 4));
  return kept;
}

const byResolutions = new WeakMap<object, WeakMap<TS.SourceFile, readonly FileImport[]>>();

/** The import and export declarations of `sf` with where each goes, kept per resolution key (see above). */
export function importsOf(ts: TypeScript, program: TS.Program, sf: TS.SourceFile): readonly FileImport[] {
  const key = resolutionKey(program);
  let perFile = byResolutions.get(key);
  if (!perFile) byResolutions.set(key, (perFile = new WeakMap()));
  let known = perFile.get(sf);
  if (!known) {
    const found: FileImport[] = [];
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) && !ts.isExportDeclaration(st)) continue;
      const spec = st.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec)) found.push({ spec, target: resolvedFile(program, sf, spec) });
    }
    perFile.set(sf, (known = found));
  }
  return known;
}
