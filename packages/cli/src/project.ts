// The program, loaded once from the tsconfig. `check` builds it the way tsc
// does, with ts.createProgram; a ts-morph Project (which costs about twice the
// load) is made only for what edits files: --fix and migrate. ts-morph
// bundles its own TypeScript, which is handed to the analysis as its `ts`.
import { existsSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import path from 'node:path';
import type { Project as MorphProject, ts as MorphTs } from 'ts-morph';
import { getLibFiles, morphTs, newProject } from './morph.js';
import type { TS, TypeScript } from '@drvlint/core';
import { type Compiler, asCoreProgram, bundledTs, compilerFor } from './compiler.js';
import { UsageError } from './errors.js';

export interface LoadedProject {
  /** A ts-morph project over the same tsconfig, made on first use; once made, it is the program's source. */
  readonly project: MorphProject;
  readonly tsconfig: string;
  /** The project root: the tsconfig's directory. Fixes never write outside it. */
  readonly root: string;
  /** The compiler of the program `programOf` gives: the project's TypeScript for `check`, ts-morph's for edits. */
  readonly ts: TypeScript;
  /** Said once on stderr: why the project's own TypeScript is not the one used. */
  readonly notice: string | undefined;
}

/** What loadProject keeps to build the program on demand. */
interface Loaded extends LoadedProject {
  readonly parsed: TS.ParsedCommandLine;
  readonly cwd: string;
  /** The tsconfig as messages name it. */
  readonly shown: string;
  morph: MorphProject | undefined;
  program: TS.Program | undefined;
  readonly compiler: Compiler;
}

/** `forEdits`: the run will change files (--fix, migrate), so the program comes from a ts-morph project from the start: one program, never two. */
export function loadProject(cwd: string, given: string | undefined, { forEdits = false }: { forEdits?: boolean } = {}): LoadedProject {
  let tsconfig = given === undefined ? nearestTsconfig(cwd) : path.resolve(cwd, given);
  if (existsSync(tsconfig) && statSync(tsconfig).isDirectory()) tsconfig = path.join(tsconfig, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    throw new UsageError(`no tsconfig at ${path.relative(cwd, tsconfig) || tsconfig}: pass the project's tsconfig with -p <path>`);
  }
  const shown = path.relative(cwd, tsconfig) || tsconfig;
  // Before anything is read with it: a project with only TypeScript 7 stops here, with what to install.
  const { compiler, notice } = compilerFor(path.dirname(tsconfig));
  // The tsconfig is read by the compiler that builds the program (ts-morph's own reads it again for edits).
  const ts = compiler.ts;
  const read = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
  if (read.error)
    throw new UsageError(`${at(shown, read.error)}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')} Fix the tsconfig.`);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new UsageError(`${path.relative(cwd, tsconfig)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      },
    },
  );
  const configErrors = (parsed?.errors ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (configErrors.length > 0) {
    throw new UsageError(
      `${path.relative(cwd, tsconfig)}: ${configErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}; fix the tsconfig`,
    );
  }
  if (!parsed || parsed.fileNames.length === 0) {
    throw new UsageError(`${path.relative(cwd, tsconfig)} includes no files: check its "include" and "files"`);
  }
  const loaded: Loaded = {
    tsconfig,
    root: path.dirname(tsconfig),
    compiler,
    notice: forEdits ? undefined : notice,
    get ts(): TypeScript {
      return this.morph ? bundledTs() : this.compiler.ts;
    },
    parsed,
    cwd,
    shown,
    morph: undefined,
    program: undefined,
    get project(): MorphProject {
      this.morph ??= loading(cwd, shown, parsed, () => newProject({ tsConfigFilePath: tsconfig }));
      return this.morph;
    },
  };
  // The getter loads the ts-morph project: now, where edits will need it, not on first use.
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions
  if (forEdits) loaded.project;
  return loaded;
}

function loading<T>(cwd: string, shown: string, parsed: TS.ParsedCommandLine, load: () => T): T {
  try {
    return load();
  } catch (e) {
    // A stack overflow while loading is a source file nesting too deeply for
    // TypeScript's recursive parser, not a tsconfig problem: name the file.
    if (e instanceof RangeError) throw new UsageError(tooDeep(cwd, parsed.fileNames, parsed.options));
    throw new UsageError(`${shown}: ${(e as Error).message.split('\n')[0]}; fix the tsconfig`);
  }
}

/**
 * ts-morph's TypeScript ships without lib.*.d.ts on disk: ts-morph serves
 * them from memory, under a folder of its own. A program built directly must
 * be given them the same way, or it has no Array, Map or Promise at all (and
 * every type fact drawn from them goes quietly wrong).
 */
const LIB_DIR = '/node_modules/typescript/lib';
let libTexts: Map<string, string> | undefined;

function hostWithLibs(options: MorphTs.CompilerOptions): MorphTs.CompilerHost {
  const ts = morphTs();
  libTexts ??= new Map(getLibFiles().map((f) => [`${LIB_DIR}/${f.fileName}`, f.text]));
  const libs = libTexts;
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  return {
    ...host,
    getDefaultLibLocation: () => LIB_DIR,
    getDefaultLibFileName: (o) => `${LIB_DIR}/${ts.getDefaultLibFileName(o)}`,
    getSourceFile: (f, lang, ...rest) => {
      const lib = libs.get(f);
      return lib !== undefined ? ts.createSourceFile(f, lib, lang) : getSourceFile(f, lang, ...rest);
    },
    readFile: (f) => libs.get(f) ?? readFile(f),
    fileExists: (f) => libs.has(f) || fileExists(f),
  };
}

/** Which of `files` TypeScript cannot parse or bind without running out of stack, as one line. */
function tooDeep(cwd: string, files: readonly string[], options: TS.CompilerOptions): string {
  const ts = bundledTs();
  for (const f of files) {
    try {
      const sf = ts.createSourceFile(f, ts.sys.readFile(f) ?? '', options.target ?? ts.ScriptTarget.ES2022, true);
      // Binding is recursive too: a program of this file alone binds it.
      ts.createProgram({
        rootNames: [f],
        options: { ...options, noLib: true, noResolve: true, types: [] },
        host: { ...ts.createCompilerHost(options), getSourceFile: (n) => (n === f ? sf : undefined) },
      }).getTypeChecker();
    } catch (e) {
      if (e instanceof RangeError)
        return `${path.relative(cwd, f) || f}: TypeScript ran out of stack reading this file (an expression or block nests too deeply for its parser); tsc fails on it too, so drvlint checked nothing: split the nesting`;
    }
  }
  return 'TypeScript ran out of stack loading the project (a source file nests too deeply for its parser), so drvlint checked nothing; tsc fails on it too';
}

/** The project's program, as the analysis takes it. */
export function programOf(loaded: LoadedProject): TS.Program {
  const l = loaded as Loaded;
  if (l.morph) return asCoreProgram(l.morph.getProgram().compilerObject);
  l.program ??= loading(l.cwd, l.shown, l.parsed, () => {
    const { fileNames, options, projectReferences } = l.parsed;
    const references = projectReferences ? { projectReferences } : {};
    // The project's own compiler reads its libs from disk, as tsc does; ts-morph's serves them from memory.
    if (l.compiler.from) return l.compiler.ts.createProgram({ rootNames: fileNames, options, ...references } as TS.CreateProgramOptions);
    return asCoreProgram(morphTs().createProgram({ rootNames: fileNames, options, host: hostWithLibs(options), ...references }));
  });
  return l.program;
}

/**
 * The tsconfig.json in `cwd` or the nearest folder above it, as tsc finds it;
 * `cwd`'s own path (which the error names) when there is none.
 */
export function nearestTsconfig(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dir === path.dirname(dir)) return path.resolve(cwd, 'tsconfig.json');
  }
}

/**
 * Which of the given paths a file is: the file itself, a folder above it, or
 * a glob (`'src/**\/*.ts'`, matched against the path from `cwd`).
 */
export function pathMatcher(cwd: string, paths: readonly string[]): (fileName: string) => number[] {
  const tests = paths.map((p): ((f: string) => boolean) => {
    if (picomatch.scan(p).isGlob) {
      const isMatch = picomatch(p.split(path.sep).join('/'), { dot: true });
      return (f) => isMatch(path.relative(cwd, f).split(path.sep).join('/'));
    }
    const w = path.resolve(cwd, p);
    return (f) => f === w || f.startsWith(w.endsWith(path.sep) ? w : `${w}${path.sep}`);
  });
  return (fileName) => tests.flatMap((t, i) => (t(path.resolve(fileName)) ? [i] : []));
}

/** The files to report: the project's own, narrowed to the given paths. A path that matches none is the caller's to report. */
export function selectFiles(loaded: LoadedProject, cwd: string, paths: readonly string[]): TS.SourceFile[] {
  const program = programOf(loaded);
  const own = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f))
    .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  if (paths.length === 0) return own;
  const matches = pathMatcher(cwd, paths);
  return own.filter((f) => matches(f.fileName).length > 0);
}

/** The given paths no file of `fileNames` is: each skipped with a warning that names it (a typo, or a file outside the program). */
export function unmatchedPaths(cwd: string, paths: readonly string[], fileNames: readonly string[]): string[] {
  const matches = pathMatcher(cwd, paths);
  const hit = new Set(fileNames.flatMap(matches));
  return paths.filter((_, i) => !hit.has(i));
}

/** `file:line:column` of a diagnostic in a config file, or just the file. */
function at(shown: string, d: TS.Diagnostic): string {
  if (!d.file || d.start === undefined) return shown;
  const lc = d.file.getLineAndCharacterOfPosition(d.start);
  return `${shown}:${lc.line + 1}:${lc.character + 1}`;
}

/**
 * The tsconfigs to check: the one given, or, for a solution-style tsconfig
 * (`"files": []` with `references`, the monorepo default), every project it
 * references, transitively, each once, as `tsc -b` sees them.
 */
export function projectPaths(cwd: string, given: string | undefined): string[] {
  let top = given === undefined ? nearestTsconfig(cwd) : path.resolve(cwd, given);
  if (existsSync(top) && statSync(top).isDirectory()) top = path.join(top, 'tsconfig.json');
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (tsconfig: string, via: string | undefined): void => {
    if (seen.has(tsconfig)) return;
    seen.add(tsconfig);
    const shown = path.relative(cwd, tsconfig) || tsconfig;
    if (!existsSync(tsconfig)) {
      throw new UsageError(
        via
          ? `${shown}, referenced by ${path.relative(cwd, via) || via}, does not exist`
          : `no tsconfig at ${shown}: pass the project's tsconfig with -p <path>`,
      );
    }
    const { ts } = compilerFor(path.dirname(tsconfig)).compiler;
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const refs = parsed?.projectReferences ?? [];
    if (parsed && parsed.fileNames.length === 0 && refs.length > 0) {
      for (const r of refs) visit(ts.resolveProjectReferencePath(r), tsconfig);
      return;
    }
    out.push(tsconfig);
  };
  visit(top, undefined);
  return out;
}
