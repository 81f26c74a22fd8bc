// ts-morph and its common library, loaded with require rather than imported,
// and only on first use.
// - Importing a CommonJS package as an ES module makes Node scan its source
//   for export names first (cjs-module-lexer): for ts-morph that was about
//   0.28 s of CPU on every run's start-up.
// - `check` on a project with its own TypeScript never needs ts-morph, whose
//   bundled compiler is a second copy of TypeScript to load and compile.
import { createRequire } from 'node:module';
import type * as MorphCommon from '@ts-morph/common';
import type * as Morph from 'ts-morph';

const require = createRequire(import.meta.url);
let morph: typeof Morph | undefined;

function loaded(): typeof Morph {
  morph ??= require('ts-morph') as typeof Morph;
  return morph;
}

/** ts-morph's bundled compiler (TypeScript 6.0.2); its types come from `import type { ts } from 'ts-morph'`. */
export function morphTs(): typeof Morph.ts {
  return loaded().ts;
}

/** A ts-morph `Project`, for `--fix` and `migrate`; `check` builds its program with `ts.createProgram`. */
export function newProject(options: Morph.ProjectOptions): Morph.Project {
  return new (loaded().Project)(options);
}

/** The lib .d.ts files bundled with ts-morph's compiler, which `check` reads from memory when it runs on that compiler. */
export function getLibFiles(): ReturnType<typeof MorphCommon.getLibFiles> {
  return (require('@ts-morph/common') as typeof MorphCommon).getLibFiles();
}
