// A real program over in-memory files, for tests of the analysis itself.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** A real program over in-memory files, resolving `@drvlint/kernel` from the workspace. */
export function program(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    types: [],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const abs = (f: string) => path.join(root, 'test/.virtual', f);
  const read = host.readFile.bind(host);
  host.readFile = (f) => Object.entries(files).find(([k]) => abs(k) === f)?.[1] ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => Object.keys(files).some((k) => abs(k) === f) || exists(f);
  // The files' folder is not on disk: module resolution between them asks for it.
  const directoryExists = host.directoryExists?.bind(host);
  const dir = `${abs('.')}${path.sep}`;
  host.directoryExists = (d) => dir.startsWith(`${path.resolve(d)}${path.sep}`) || (directoryExists?.(d) ?? false);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, l, ...rest) => {
    const text = Object.entries(files).find(([k]) => abs(k) === f)?.[1];
    return text !== undefined ? ts.createSourceFile(f, text, l) : getSourceFile(f, l, ...rest);
  };
  return ts.createProgram({ rootNames: Object.keys(files).map(abs), options, host });
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
