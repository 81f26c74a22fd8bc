// Which teardown methods a type owes: `RequiresTeardown<'m'>` carried as a
// member brand (the kernel's handles) or named in a class's `implements`
// clause (any class, including through its base classes).
import type { KernelModel } from '../model/kernel-model.js';
import { isLibSymbol, nonNullable } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

const NONE: ReadonlySet<string> = new Set();

/** The access-path step for "every element of a collection". */
export const ELEMENT = '[]';

// Collections whose elements a driver tears down one by one; for maps, the
// values (what `values()`, `forEach` and `[k, v]` iteration yield).
const COLLECTIONS: Readonly<Record<string, number>> = { Array: 0, ReadonlyArray: 0, Set: 0, ReadonlySet: 0, Map: 1, ReadonlyMap: 1 };

export class TeardownFacts {
  readonly #byType = new WeakMap<TS.Type, ReadonlySet<string>>();
  readonly #bySymbol = new Map<TS.Symbol, ReadonlySet<string>>();

  constructor(
    readonly ts: TypeScript,
    readonly checker: TS.TypeChecker,
    readonly kernel: KernelModel,
  ) {}

  /** The teardown methods a value of `type` owes; empty when it owes none. */
  methodsOf(type: TS.Type): ReadonlySet<string> {
    const known = this.#byType.get(type);
    if (known) return known;
    this.#byType.set(type, NONE);
    const found = this.#compute(type);
    this.#byType.set(type, found);
    return found;
  }

  /** The element type of a standard collection (a map's value type), if `type` is one. */
  elementOf(type: TS.Type): TS.Type | undefined {
    const t = nonNullable(this.ts, this.checker, type);
    const symbol = t.getSymbol();
    const index = symbol ? COLLECTIONS[symbol.name] : undefined;
    if (index === undefined || !isLibSymbol(symbol)) return undefined;
    if (!(t.flags & this.ts.TypeFlags.Object) || !((t as TS.ObjectType).objectFlags & this.ts.ObjectFlags.Reference)) return undefined;
    return this.checker.getTypeArguments(t as TS.TypeReference)[index];
  }

  /** Whether `type` is a standard `Map`, whose iteration yields entries rather than elements. */
  isMap(type: TS.Type): boolean {
    const symbol = nonNullable(this.ts, this.checker, type).getSymbol();
    return (symbol?.name === 'Map' || symbol?.name === 'ReadonlyMap') && isLibSymbol(symbol);
  }

  #compute(type: TS.Type): ReadonlySet<string> {
    const t = nonNullable(this.ts, this.checker, type);
    if (t.isUnion()) {
      const out = new Set<string>();
      for (const m of t.types) for (const x of this.methodsOf(m)) out.add(x);
      return out;
    }
    const out = new Set<string>();
    const keys = this.kernel.teardownKeys;
    if (keys.size > 0) {
      const brand = this.checker.getPropertiesOfType(t).find((p) => keys.has(p.escapedName as string));
      if (brand) for (const m of literals(nonNullable(this.ts, this.checker, this.checker.getTypeOfSymbol(brand)))) out.add(m);
    }
    const symbol = t.getSymbol();
    if (symbol) for (const m of this.#implemented(symbol)) out.add(m);
    return out;
  }

  #implemented(symbol: TS.Symbol): ReadonlySet<string> {
    const known = this.#bySymbol.get(symbol);
    if (known) return known;
    this.#bySymbol.set(symbol, NONE);
    const ts = this.ts;
    const out = new Set<string>();
    for (const d of symbol.declarations ?? []) {
      if (!ts.isClassLike(d)) continue;
      for (const clause of d.heritageClauses ?? []) {
        for (const node of clause.types) {
          const t = this.checker.getTypeFromTypeNode(node);
          if (clause.token === ts.SyntaxKind.ImplementsKeyword) {
            if (t.aliasSymbol && this.kernel.requiresTeardowns.has(t.aliasSymbol))
              for (const m of literals(t.aliasTypeArguments?.[0])) out.add(m);
            else for (const m of this.methodsOf(t)) out.add(m);
          } else {
            const base = t.getSymbol();
            if (base) for (const m of this.#implemented(base)) out.add(m);
          }
        }
      }
    }
    this.#bySymbol.set(symbol, out);
    return out;
  }
}

function literals(t: TS.Type | undefined): string[] {
  if (!t) return [];
  if (t.isUnion()) return t.types.flatMap((m) => literals(m));
  return t.isStringLiteral() ? [t.value] : [];
}
