// What a type says about the driver model: is it a device, in which context,
// and does a value of it belong to one binding. Answers are cached per type.
import type { ContextName, KernelModel } from '../model/kernel-model.js';
import { isLibSymbol, nonNullable, primitiveFlags } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export type Scope =
  | { readonly kind: 'device'; readonly context: ContextName | 'unknown' }
  | { readonly kind: 'private-data'; readonly name: string }
  | { readonly kind: 'resource'; readonly name: string }
  | { readonly kind: 'holder'; readonly inner: Scope }
  /** Read out of a driver-scoped value (a field, an element), whatever its own type: it belongs to the same binding. */
  | { readonly kind: 'part'; readonly of: Scope };

const MAX_DEPTH = 3;
const MAX_PROPERTIES = 64;
const rank: Record<ContextName, number> = { Normal: 0, Bound: 1, Core: 2, CoreInternal: 3 };

export function contextRank(c: ContextName): number {
  return rank[c];
}

export class TypeFacts {
  readonly #deviceSymbols = new Map<TS.Symbol, boolean>();
  readonly #scope = new WeakMap<TS.Type, Scope | null>();
  readonly #context = new WeakMap<TS.Type, ContextName | 'unknown' | null>();
  /** The private-data (`Self`) classes found by driver discovery, which runs first: scopes are cached per type. */
  readonly #selfTypes: ReadonlySet<TS.Symbol>;

  constructor(
    readonly ts: TypeScript,
    readonly checker: TS.TypeChecker,
    readonly kernel: KernelModel,
    selfTypes: ReadonlySet<TS.Symbol>,
  ) {
    this.#selfTypes = selfTypes;
  }

  isSelfSymbol(symbol: TS.Symbol | undefined): boolean {
    return symbol !== undefined && this.#selfTypes.has(symbol);
  }

  #deviceNames: ReadonlySet<string> | undefined;

  /**
   * The property names every device type requires: those of the kernel's
   * `Device` (of every copy in the program) that are not optional. Every
   * device type is, or extends, one of them, so a value with no such
   * property of one of these names is no device.
   */
  namesEveryDeviceHas(): ReadonlySet<string> {
    if (this.#deviceNames) return this.#deviceNames;
    let names: Set<string> | undefined;
    for (const device of this.kernel.devices) {
      const own = new Set<string>();
      for (const p of this.checker.getPropertiesOfType(this.checker.getDeclaredTypeOfSymbol(device))) {
        if (!(p.flags & this.ts.SymbolFlags.Optional) && !p.name.startsWith('__@')) own.add(p.name);
      }
      names = names ? new Set([...names].filter((n) => own.has(n))) : own;
    }
    this.#deviceNames = names ?? new Set();
    return this.#deviceNames;
  }

  /** Whether the class or interface `symbol` is, or extends, the kernel's `Device`. */
  isDeviceSymbol(symbol: TS.Symbol | undefined): boolean {
    if (symbol === undefined) return false;
    if (this.kernel.devices.has(symbol)) return true;
    const known = this.#deviceSymbols.get(symbol);
    if (known !== undefined) return known;
    this.#deviceSymbols.set(symbol, false);
    let result = false;
    if (symbol.flags & (this.ts.SymbolFlags.Class | this.ts.SymbolFlags.Interface)) {
      const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
      if (declared.isClassOrInterface()) {
        result = (this.checker.getBaseTypes(declared) ?? []).some((b) => this.isDeviceSymbol(b.getSymbol()));
      }
    }
    this.#deviceSymbols.set(symbol, result);
    return result;
  }

  /** The device context of a device type (`undefined` when it is not a device). */
  deviceContext(type: TS.Type): ContextName | 'unknown' | undefined {
    const cached = this.#context.get(type);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.#deviceContext(type);
    this.#context.set(type, found ?? null);
    return found;
  }

  #deviceContext(type: TS.Type): ContextName | 'unknown' | undefined {
    const t = nonNullable(this.ts, this.checker, type);
    if (t.isUnion()) {
      let found: ContextName | 'unknown' | undefined;
      for (const m of t.types) {
        const c = this.deviceContext(m);
        if (c === undefined) continue;
        // A union of contexts is only as narrow as its widest member.
        if (found === undefined || found === 'unknown' || (c !== 'unknown' && rank[c] < rank[found])) found = c;
      }
      return found;
    }
    if (!this.isDeviceSymbol(t.getSymbol())) return undefined;
    // Not getPropertyOfType: it re-escapes the `__@` of symbol-keyed names.
    const keys = this.kernel.contextKeys;
    const prop = this.checker.getPropertiesOfType(t).find((p) => keys.has(p.escapedName));
    if (prop === undefined) return 'unknown';
    const ctx = nonNullable(this.ts, this.checker, this.checker.getTypeOfSymbol(prop));
    return this.kernel.contexts.get(ctx) ?? 'unknown';
  }

  /** Whether a value of `type` belongs to one binding, and what kind of value it is. */
  scopeOf(type: TS.Type, depth = 0): Scope | undefined {
    const cached = this.#scope.get(type);
    if (cached !== undefined) return cached ?? undefined;
    this.#scope.set(type, null); // cycles: assume not, until proven
    const found = this.#compute(type, depth);
    this.#scope.set(type, found ?? null);
    return found;
  }

  #compute(type: TS.Type, depth: number): Scope | undefined {
    const f = this.ts.TypeFlags;
    if (type.flags & f.TypeParameter) {
      // The polymorphic `this` of a class, or `T extends Device`: what the constraint says.
      const c = this.checker.getBaseConstraintOfType(type);
      return c && c !== type ? this.scopeOf(c, depth) : undefined;
    }
    if (type.flags & (f.Any | f.Unknown | f.Never) || type.flags & primitiveFlags(this.ts)) return undefined;
    if (type.isUnionOrIntersection()) {
      for (const m of type.types) {
        const s = this.scopeOf(m, depth);
        if (s) return s;
      }
      return undefined;
    }
    const symbol = type.getSymbol();
    // Descriptors and module declarations mention Self in their types, but
    // they are static data, not part of any binding.
    if (this.isStaticDriverData(type)) return undefined;
    const context = this.deviceContext(type);
    if (context !== undefined) return { kind: 'device', context };
    if (symbol && this.kernel.scopedClasses.has(symbol)) return { kind: 'resource', name: this.checker.typeToString(type) };
    if (symbol && this.#selfTypes.has(symbol)) return { kind: 'private-data', name: symbol.name };
    if (depth >= MAX_DEPTH) return undefined;
    if (this.checker.getSignaturesOfType(type, this.ts.SignatureKind.Call).length > 0) return undefined;
    // Containers and objects that hold a driver-scoped value hold the binding too.
    const args = this.#typeArguments(type);
    for (const a of args) {
      const s = this.scopeOf(a, depth + 1);
      if (s) return { kind: 'holder', inner: s };
    }
    if (args.length > 0 || isLibSymbol(symbol)) return undefined;
    const props = this.checker.getPropertiesOfType(type);
    for (const p of props.slice(0, MAX_PROPERTIES)) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (decl && (this.ts.isMethodDeclaration(decl) || this.ts.isMethodSignature(decl))) continue;
      const s = this.scopeOf(this.checker.getTypeOfSymbol(p), depth + 1);
      if (s) return { kind: 'holder', inner: s };
    }
    return undefined;
  }

  /** A driver descriptor (`pci.Driver<…>`, …) or a module declaration: static data. */
  isStaticDriverData(type: TS.Type): boolean {
    const s = type.aliasSymbol ?? type.getSymbol();
    return s !== undefined && (this.kernel.driverInterfaces.has(s) || this.kernel.moduleInterfaces.has(s));
  }

  #typeArguments(type: TS.Type): readonly TS.Type[] {
    if (!(type.flags & this.ts.TypeFlags.Object)) return [];
    const obj = type as TS.ObjectType;
    if (!(obj.objectFlags & this.ts.ObjectFlags.Reference)) return [];
    return this.checker.getTypeArguments(type as TS.TypeReference);
  }
}
