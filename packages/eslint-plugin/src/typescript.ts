// TypeScript, loaded with require rather than imported. typescript-eslint has
// already required it; importing it again as an ES module made Node scan its
// 9 MB CommonJS source for export names (cjs-module-lexer) first: 0.65 s of
// CPU in every ESLint process that loads this plugin.
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';

/** The `typescript` package this plugin resolves, the one typescript-eslint hands its programs from when deduplicated. */
export const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
