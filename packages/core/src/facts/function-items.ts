// The file index's events, by the function they lie in (nested functions
// included). Questions like "which calls does `fn` make" used to filter the
// whole file's lists, once per function: quadratic in a file with many
// drivers or helpers. Here every event is placed once, by its innermost
// function, and a function's items are its own plus its nested functions'.
import type { Deferral, FileIndex, Write } from './file-index.js';
import type { FunctionNode } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export interface FunctionItems {
  readonly calls: readonly (TS.CallExpression | TS.NewExpression)[];
  readonly writes: readonly Write[];
  readonly deferrals: readonly Deferral[];
  readonly variables: readonly TS.VariableDeclaration[];
  readonly returns: readonly TS.ReturnStatement[];
}

/** A function's own events; a kind it has none of has no array (most functions have few kinds: memory, at a program's scale). */
interface Bucket {
  calls?: (TS.CallExpression | TS.NewExpression)[];
  writes?: Write[];
  deferrals?: Deferral[];
  variables?: TS.VariableDeclaration[];
  returns?: TS.ReturnStatement[];
  nested?: FunctionNode[];
}

const NONE: readonly never[] = Object.freeze([]);
const byPos = (a: TS.Node, b: TS.Node): number => a.pos - b.pos;
const byAt = (a: { readonly at: TS.Node }, b: { readonly at: TS.Node }): number => a.at.pos - b.at.pos;
/** `parts` joined and in source order; one part is used as it is (sorted in place, it is ours). */
function joined<T>(parts: readonly (T[] | undefined)[], order: (a: T, b: T) => number): readonly T[] {
  const present = parts.filter((p): p is T[] => p !== undefined && p.length > 0);
  if (present.length === 0) return NONE;
  return (present.length === 1 ? (present[0] as T[]) : present.flat()).sort(order);
}

export class FunctionItemsIndex {
  readonly #buckets = new WeakMap<FileIndex, Map<TS.Node, Bucket>>();
  readonly #items = new Map<FunctionNode, FunctionItems>();

  constructor(
    readonly ts: TypeScript,
    readonly indexOf: (file: TS.SourceFile) => FileIndex,
  ) {}

  /** What lies inside `fn`, nested functions included, in source order within each kind. */
  of(fn: FunctionNode): FunctionItems {
    const known = this.#items.get(fn);
    if (known) return known;
    const buckets = this.#bucketsOf(this.indexOf(fn.getSourceFile()));
    // Iterative over the nesting tree: depth comes from the input.
    const found: Bucket[] = [];
    const todo: FunctionNode[] = [fn];
    for (let f = todo.pop(); f; f = todo.pop()) {
      const b = buckets.get(f);
      if (!b) continue;
      found.push(b);
      for (const n of b.nested ?? NONE) todo.push(n); // not push(...): a spread of a huge list overflows the stack
    }
    const items: FunctionItems = {
      calls: joined(
        found.map((b) => b.calls),
        byPos,
      ),
      writes: joined(
        found.map((b) => b.writes),
        byAt,
      ),
      deferrals: joined(
        found.map((b) => b.deferrals),
        byAt,
      ),
      variables: joined(
        found.map((b) => b.variables),
        byPos,
      ),
      returns: joined(
        found.map((b) => b.returns),
        byPos,
      ),
    };
    this.#items.set(fn, items);
    return items;
  }

  #bucketsOf(index: FileIndex): Map<TS.Node, Bucket> {
    let buckets = this.#buckets.get(index);
    if (buckets) return buckets;
    buckets = new Map();
    // By the owners the index walk recorded: asking ownerOf for each event would remember every node on the way up.
    const bucket = (owner: FunctionNode | undefined): Bucket => {
      const o: TS.Node = owner ?? index.file;
      let b = buckets.get(o);
      if (!b) buckets.set(o, (b = {}));
      return b;
    };
    const { owners } = index;
    index.functions.forEach((f, i) => (bucket(owners.functions[i]).nested ??= []).push(f));
    index.calls.forEach((c, i) => (bucket(owners.calls[i]).calls ??= []).push(c));
    for (const w of index.writes) (bucket(w.fn).writes ??= []).push(w);
    for (const d of index.deferrals) (bucket(d.fn).deferrals ??= []).push(d);
    index.variables.forEach((v, i) => (bucket(owners.variables[i]).variables ??= []).push(v));
    index.returns.forEach((r, i) => (bucket(owners.returns[i]).returns ??= []).push(r));
    this.#buckets.set(index, buckets);
    return buckets;
  }

  /** The innermost function around `n` (not `n` itself), or undefined at module level. */
  ownerOf(n: TS.Node): FunctionNode | undefined {
    return this.indexOf(n.getSourceFile()).ownerOf(n) ?? undefined;
  }
}
