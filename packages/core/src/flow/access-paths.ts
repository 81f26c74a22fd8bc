// Access paths: how the teardown flow names a value, from `this`, a
// parameter or a local through property names (`self.gpu.watchdog`), so that
// a call site can translate a callee's teardowns into its own terms.
import type { TS } from '../ts.js';
import { ELEMENT } from '../facts/teardown-facts.js';

/** `this` or a parameter index, or a local symbol, followed by property names. */
export interface AccessPath {
  readonly root: 'this' | number | TS.Symbol;
  readonly steps: readonly string[];
}

export function pathKey(p: AccessPath, method?: string): string {
  const root = typeof p.root === 'object' ? `s${symbolId(p.root)}` : String(p.root);
  return `${root}.${p.steps.join('.')}${method === undefined ? '' : `:${method}`}`;
}

const ids = new WeakMap<TS.Symbol, number>();
let nextId = 1;
function symbolId(s: TS.Symbol): number {
  let id = ids.get(s);
  if (id === undefined) ids.set(s, (id = nextId++));
  return id;
}

export function showPath(p: AccessPath, rootName: string): string {
  return [rootName, ...p.steps].join('.');
}

/** The elements of the collection at `p`. */
export function elementsOf(p: AccessPath): AccessPath {
  return { root: p.root, steps: [...p.steps, ELEMENT] };
}

/** Whether `p` is `base` or reached through it (`s.timer` is under `s`). */
export function isUnder(p: AccessPath, base: AccessPath): boolean {
  const key = pathKey(p);
  const b = pathKey(base);
  return key === b || key.startsWith(b.endsWith('.') ? b : `${b}.`);
}
