// The file index's events, by the function they lie in (nested functions
// included). Questions like "which calls does `fn` make" used to filter the
// whole file's lists, once per function: quadratic in a file with many
// drivers or helpers. Here every event is placed once, by its innermost
// function, and a function's items are its own plus its nested functions'.
import type { Deferral, FileIndex, Write } from './file-index.js';
import type { FunctionNode } from './syntax.js';
import type { TS, TypeScript } from './ts.js';

export interface FunctionItems {
  readonly calls: readonly (TS.CallExpression | TS.NewExpression)[];
  readonly writes: readonly Write[];
  readonly deferrals: readonly Deferral[];
  readonly variables: readonly TS.VariableDeclaration[];
  readonly returns: readonly TS.ReturnStatement[];
}

interface Bucket {
  calls: (TS.CallExpression | TS.NewExpression)[];
  writes: Write[];
  deferrals: Deferral[];
  variables: TS.VariableDeclaration[];
  returns: TS.ReturnStatement[];
  nested: FunctionNode[];
}

const empty = (): Bucket => ({ calls: [], writes: [], deferrals: [], variables: [], returns: [], nested: [] });

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
    const out: Bucket = empty();
    // Iterative over the nesting tree: depth comes from the input.
    const todo: FunctionNode[] = [fn];
    for (let f = todo.pop(); f; f = todo.pop()) {
      const b = buckets.get(f);
      if (!b) continue;
      out.calls.push(...b.calls);
      out.writes.push(...b.writes);
      out.deferrals.push(...b.deferrals);
      out.variables.push(...b.variables);
      out.returns.push(...b.returns);
      todo.push(...b.nested);
    }
    const byPos = (a: TS.Node, b: TS.Node): number => a.pos - b.pos;
    const items: FunctionItems = {
      calls: out.calls.sort(byPos),
      writes: out.writes.sort((a, b) => byPos(a.at, b.at)),
      deferrals: out.deferrals.sort((a, b) => byPos(a.at, b.at)),
      variables: out.variables.sort(byPos),
      returns: out.returns.sort(byPos),
    };
    this.#items.set(fn, items);
    return items;
  }

  #bucketsOf(index: FileIndex): Map<TS.Node, Bucket> {
    let buckets = this.#buckets.get(index);
    if (buckets) return buckets;
    buckets = new Map();
    const bucket = (n: TS.Node): Bucket => {
      const o: TS.Node = index.ownerOf(n) ?? index.file;
      let b = buckets!.get(o);
      if (!b) buckets!.set(o, (b = empty()));
      return b;
    };
    for (const f of index.functions) bucket(f).nested.push(f);
    for (const c of index.calls) bucket(c).calls.push(c);
    for (const w of index.writes) bucket(w.at).writes.push(w);
    for (const d of index.deferrals) bucket(d.at).deferrals.push(d);
    for (const v of index.variables) bucket(v).variables.push(v);
    for (const r of index.returns) bucket(r).returns.push(r);
    this.#buckets.set(index, buckets);
    return buckets;
  }

  /** The innermost function around `n` (not `n` itself), or undefined at module level. */
  ownerOf(n: TS.Node): FunctionNode | undefined {
    return this.indexOf(n.getSourceFile()).ownerOf(n) ?? undefined;
  }

}
