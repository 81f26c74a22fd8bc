// Runtime-only mutants that are documented limits of static analysis, not
// bugs. Each entry names the operator (and optionally the site), says why
// drvlint cannot see it, and shows the smallest example. Keep it short: a
// gap that can be closed belongs in the rules, not here.
export interface Allowed {
  /** Matched against the mutant id (`operator@file:line`) as a prefix. */
  readonly id: string;
  readonly reason: string;
  readonly example: string;
}

export const allowlist: readonly Allowed[] = [];

export function allowed(id: string): Allowed | undefined {
  return allowlist.find((a) => id === a.id || id.startsWith(`${a.id}@`) || id.startsWith(`${a.id}#`));
}
