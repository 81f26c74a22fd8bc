// Which TypeScript the CLI reads a project with. For parity with ESLint and
// the editor, which load the project's own `typescript`, `check` uses the
// project's TypeScript 6 when it has one; otherwise ts-morph's bundled
// TypeScript 6.0.2, saying so. TypeScript 7 has no compiler API for tools yet:
// a project that has only 7 gets one line saying what to install, never a
// crash, and never a silent switch. `--fix` and `migrate` edit through a
// ts-morph project, which always runs on ts-morph's compiler.
//
// ts-morph's typings and the workspace's carry private brands that make them
// nominally distinct, so the handover to the analysis is a cast, made here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SUPPORTED_TYPESCRIPT, type TS, type TypeScript, typescript7Advice } from '@drvlint/core';
import type { ts as MorphTs } from 'ts-morph';
import { UsageError } from './errors.js';
import { morphTs } from './morph.js';

/** ts-morph's bundled compiler, as the analysis takes it (loaded on first use). */
export function bundledTs(): TypeScript {
  return morphTs() as unknown as TypeScript;
}

export function asCoreProgram(p: MorphTs.Program): TS.Program {
  return p;
}

export interface Compiler {
  readonly ts: TypeScript;
  /** The project's `typescript` package folder, or undefined for ts-morph's own. */
  readonly from: string | undefined;
}

const byFolder = new Map<string, Compiler>();

/**
 * The compiler for the project whose tsconfig is in `root`, and the line to
 * say on stderr when it is not the project's own.
 */
export function compilerFor(root: string): { compiler: Compiler; notice?: string } {
  const require = createRequire(path.join(root, 'package.json'));
  let main: string;
  try {
    main = require.resolve('typescript');
  } catch (e) {
    // Anything but "not found" (a package.json that is not JSON, say) is the configuration's error, which loading it reports.
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') return { compiler: { ts: bundledTs(), from: undefined } };
    const ts = bundledTs();
    return {
      compiler: { ts, from: undefined },
      notice: `no typescript installed for ${root}; drvlint checks with its own TypeScript ${ts.version}`,
    };
  }
  const from = packageFolder(main);
  const known = byFolder.get(from);
  if (known) return { compiler: known };
  const loaded = require('typescript') as Partial<TypeScript> & { version?: string };
  const version = loaded.version ?? packageVersion(from) ?? 'unknown';
  if (typeof loaded.createProgram !== 'function') {
    throw new UsageError(typescript7Advice(version));
  }
  if (!SUPPORTED_TYPESCRIPT.test(version)) {
    const ts = bundledTs();
    return {
      compiler: { ts, from: undefined },
      notice: `this project's TypeScript ${version} is not one drvlint supports (>=5.8 <6.1); drvlint checks with its own TypeScript ${ts.version}`,
    };
  }
  const compiler: Compiler = { ts: loaded as TypeScript, from };
  byFolder.set(from, compiler);
  return { compiler };
}

/** The folder of the package a resolved main file belongs to. */
function packageFolder(main: string): string {
  for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      readFileSync(path.join(dir, 'package.json'));
      return dir;
    } catch {
      // not the package's root yet
    }
  }
  return path.dirname(main);
}

function packageVersion(folder: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The compiler as `--version` names it. */
export function describeCompiler(cwd: string): string {
  try {
    const { compiler } = compilerFor(cwd);
    const where = compiler.from ? `this project's, ${path.relative(cwd, compiler.from) || '.'}` : "drvlint's own";
    return `TypeScript ${compiler.ts.version} (${where}); --fix and migrate: TypeScript ${bundledTs().version} (ts-morph's)`;
  } catch (e) {
    return e instanceof UsageError ? e.message : String(e);
  }
}
