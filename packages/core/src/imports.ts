// Where each file's imports go, read from the program's own module
// resolutions and kept across programs. An editor or `eslint --fix` makes a
// new program on every edit; when the edit changes no import, TypeScript
// reuses the old program's structure completely and hands the new program
// the very same resolution map. A file's import targets are a function of
// its syntax (the same source file object) and that map, so they are kept
// per map and per file: an edit re-reads the edited file, not the project.
import type { TS, TypeScript } from './ts.js';

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
  getResolvedModuleFromModuleSpecifier?: (spec: TS.StringLiteralLike, sf: TS.SourceFile) => { resolvedModule?: { resolvedFileName: string } } | undefined;
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

/** The program's module resolutions as one object, the same for programs that share them, or undefined when TypeScript does not expose it. */
export function resolutionsOf(program: TS.Program): object | undefined {
  const map = (program as unknown as Resolving).resolvedModules;
  return map instanceof Map ? map : undefined;
}

const byResolutions = new WeakMap<object, WeakMap<TS.SourceFile, readonly FileImport[]>>();
const byProgram = new WeakMap<TS.Program, WeakMap<TS.SourceFile, readonly FileImport[]>>();

/**
 * The import and export declarations of `sf` with where each goes. Kept per
 * resolution map (see above); per program when TypeScript does not expose
 * the map.
 */
export function importsOf(ts: TypeScript, program: TS.Program, sf: TS.SourceFile): readonly FileImport[] {
  const key = resolutionsOf(program);
  let perFile = key ? byResolutions.get(key) : byProgram.get(program);
  if (!perFile) {
    perFile = new WeakMap();
    if (key) byResolutions.set(key, perFile);
    else byProgram.set(program, perFile);
  }
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
