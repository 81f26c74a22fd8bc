// Which TypeScript the front ends can read programs with, and what to tell a
// project that has only TypeScript 7, whose package has no compiler API for
// tools yet. One text, so that the CLI, ESLint and the editor say the same.

/** The versions every front end's peer range accepts. */
export const SUPPORTED_TYPESCRIPT = /^(5\.(8|9)|6\.0)\./;

/** Why `typescript` at `version` cannot be used, and what to install instead, as one line. */
export function typescript7Advice(version: string): string {
  return `this project's typescript is ${version}, which has no compiler API for tools (TypeScript 7 and later); keep TypeScript 6 for the tools next to it: npm install --save-dev typescript@npm:@typescript/typescript6@^6.0.2 typescript7@npm:typescript@^7.0.2 (drvlint's README, "A project whose tsc is TypeScript 7")`;
}
