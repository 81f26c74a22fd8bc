// What a local name may hold, read from the code that gives it values: a
// `const`'s initializer, the member of an object literal it is destructured
// from, and for a `let` or `var` every value assigned to it in its scope. For
// values the checker's types say nothing about (functions, bound methods).
import { assignedValues, constInitializer, destructuredFrom } from '../facts/origin.js';
import { enclosingFunction, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export class LocalValues {
  constructor(
    readonly ts: TypeScript,
    readonly checker: TS.TypeChecker,
  ) {}

  /**
   * What a `const` name was given: its initializer, or the member of an
   * object literal it is destructured from (`const { v } = { v: f.bind(pdev) }`).
   */
  initialValue(name: TS.Identifier): TS.Expression | undefined {
    const ts = this.ts;
    const decl = this.checker.getSymbolAtLocation(name)?.valueDeclaration;
    const init = constInitializer(ts, decl);
    if (init) return init;
    const from = destructuredFrom(ts, decl);
    const source = from && skipOuter(ts, from.source);
    if (!from || !source || !ts.isObjectLiteralExpression(source)) return undefined;
    const member = source.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === from.property);
    return member && ts.isPropertyAssignment(member) ? member.initializer : undefined;
  }

  readonly #values = new Map<TS.Symbol, readonly TS.Expression[]>();

  /**
   * What a local name may hold: a `const`'s initializer or the member of an
   * object literal it is destructured from; for a `let` or `var`, its
   * initializer and every value assigned to it in its scope.
   */
  possibleValues(name: TS.Identifier): readonly TS.Expression[] {
    const ts = this.ts;
    const symbol = this.checker.getSymbolAtLocation(name);
    const decl = symbol?.valueDeclaration;
    if (!symbol || !decl) return [];
    let known = this.#values.get(symbol);
    if (known) return known;
    const first = this.initialValue(name);
    const out: TS.Expression[] = first ? [first] : [];
    const list = decl.parent;
    if (ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const)) {
      if (decl.initializer) out.push(decl.initializer);
      // A local's: a module-level `let` is world storage, read as such elsewhere.
      if (enclosingFunction(ts, decl)) out.push(...assignedValues(ts, this.checker, decl, symbol));
    }
    this.#values.set(symbol, (known = out));
    return known;
  }
}
