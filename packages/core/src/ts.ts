// The compiler is a parameter, never an import: ts-morph bundles its own
// TypeScript and tsserver hands plugins the editor's. Only types come from
// the `typescript` package here.
import type * as TS from 'typescript';
import type tsModule from 'typescript';

/** The `typescript` module object, whichever copy the front end holds. */
export type TypeScript = typeof tsModule;
export type { TS };
