// ts-morph and its common library, loaded with require rather than imported.
// Importing a CommonJS package as an ES module makes Node scan its source for
// export names first (cjs-module-lexer): for ts-morph that was about 0.28 s of
// CPU on every run's start-up (0.80 s to load it against 0.52 s).
import { createRequire } from 'node:module';
import type * as MorphCommon from '@ts-morph/common';
import type * as Morph from 'ts-morph';

const require = createRequire(import.meta.url);
const morph = require('ts-morph') as typeof Morph;

/** ts-morph's bundled compiler (TypeScript 6.0.2); its types come from `import type { ts } from 'ts-morph'`. */
export const ts: typeof Morph.ts = morph.ts;
/** ts-morph's `Project`, for `--fix` and `migrate`; `check` builds its program with `ts.createProgram`. */
export const Project: typeof Morph.Project = morph.Project;
/** The lib .d.ts files bundled with ts-morph's compiler, which `check` reads from memory. */
export const getLibFiles: typeof MorphCommon.getLibFiles = (require('@ts-morph/common') as typeof MorphCommon).getLibFiles;
