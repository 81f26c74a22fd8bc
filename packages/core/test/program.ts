// A real program over in-memory files, for tests of the analysis itself.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** The compiler options of every in-memory test program (the repository's own, as fixtures and corpora use). */
export const TEST_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  types: [],
  noEmit: true,
};

type MakeSourceFile = (fileName: string, text: string, target: ts.ScriptTarget | ts.CreateSourceFileOptions) => ts.SourceFile;

/** A real program over in-memory files, resolving `@drvlint/kernel` from the workspace. */
export function program(files: Record<string, string>): ts.Program {
  return virtualProgram(files, 'test/.virtual', (f, text, target) => ts.createSourceFile(f, text, target));
}

/**
 * Programs over in-memory files as an editor makes them, one per edit: a file
 * whose text is unchanged keeps its source file object, as tsserver and
 * typescript-eslint keep it, so the analysis can reuse what it found there.
 */
export function editedPrograms(folder: string): (files: Record<string, string>, old?: ts.Program) => ts.Program {
  const made = new Map<string, ts.SourceFile>();
  const sourceFile: MakeSourceFile = (f, text, target) => {
    const known = made.get(f);
    if (known && known.text === text) return known;
    const fresh = ts.createSourceFile(f, text, target, true);
    made.set(f, fresh);
    return fresh;
  };
  return (files, old) => virtualProgram(files, folder, sourceFile, old);
}

function virtualProgram(files: Record<string, string>, folder: string, sourceFile: MakeSourceFile, old?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(TEST_COMPILER_OPTIONS);
  const abs = (f: string) => path.join(root, folder, f);
  const textOf = (f: string) => Object.entries(files).find(([k]) => abs(k) === f)?.[1];
  const read = host.readFile.bind(host);
  host.readFile = (f) => textOf(f) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => textOf(f) !== undefined || exists(f);
  // The files' folder is not on disk: module resolution between them asks for it.
  const directoryExists = host.directoryExists?.bind(host);
  const dir = `${abs('.')}${path.sep}`;
  host.directoryExists = (d) => dir.startsWith(`${path.resolve(d)}${path.sep}`) || (directoryExists?.(d) ?? false);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, target, ...rest) => {
    const text = textOf(f);
    return text !== undefined ? sourceFile(f, text, target) : getSourceFile(f, target, ...rest);
  };
  return ts.createProgram({
    rootNames: Object.keys(files).map(abs),
    options: TEST_COMPILER_OPTIONS,
    host,
    ...(old ? { oldProgram: old } : {}),
  });
}

/** The source file of `p` named `name`, and its nodes that `is` accepts, in source order. */
export function nodesIn<T extends ts.Node>(p: ts.Program, name: string, is: (n: ts.Node) => n is T): { sf: ts.SourceFile; nodes: T[] } {
  const sf = p.getSourceFiles().find((f) => f.fileName.endsWith(name))!;
  const nodes: T[] = [];
  const visit = (n: ts.Node): void => {
    if (is(n)) nodes.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { sf, nodes };
}

/** The source file of `p` named `name`, and its call expressions in source order. */
export function callsIn(p: ts.Program, name: string): { sf: ts.SourceFile; calls: ts.CallExpression[] } {
  const { sf, nodes } = nodesIn(p, name, ts.isCallExpression);
  return { sf, calls: nodes };
}
