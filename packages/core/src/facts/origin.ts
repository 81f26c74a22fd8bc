// Where a value comes from, through the bindings that only rename it: a
// `const` alias, a destructured name, an import or a re-export. Rules use it
// to recognise a value by its origin, never by its spelling
// (`const Z = pci.DeviceId.ZERO` is the terminator; `const d = pdev as …` is
// the device).
import { symbolAt } from '../model/kernel-model.js';
import { enclosingFunction, skipOuter, walk } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

const MAX_STEPS = 8;

/** The initializer a `const` name is bound to, or undefined when the name is anything else. */
export function constInitializer(ts: TypeScript, decl: TS.Node | undefined): TS.Expression | undefined {
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  const list = decl.parent;
  return ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
}

/**
 * `{ source, property }` for a name bound by a `const` object destructuring:
 * `const { ZERO: Z } = pci.DeviceId` gives `pci.DeviceId` and `ZERO`.
 */
export function destructuredFrom(
  ts: TypeScript,
  decl: TS.Node | undefined,
): { readonly source: TS.Expression; readonly property: string } | undefined {
  const path = destructuredPath(ts, decl);
  return path?.properties.length === 1 ? { source: path.source, property: path.properties[0] as string } : undefined;
}

/**
 * The same through nested patterns: `const { a: { b } } = x` gives `x` and
 * `a`, `b`. Undefined for a rest element, an array pattern, a computed key,
 * a loop variable or a `let`.
 */
export function destructuredPath(
  ts: TypeScript,
  decl: TS.Node | undefined,
): { readonly source: TS.Expression; readonly properties: readonly string[] } | undefined {
  const b = bindingPath(ts, decl);
  if (!b || !ts.isVariableDeclaration(b.holder)) return undefined;
  const d = b.holder;
  return d.initializer && ts.isVariableDeclarationList(d.parent) && d.parent.flags & ts.NodeFlags.Const
    ? { source: d.initializer, properties: b.properties }
    : undefined;
}

/**
 * For a name bound by an object pattern, the variable or parameter that
 * holds the pattern and the properties taken on the way: `unbind(pdev, {
 * timer })` gives the second parameter and `timer`. Undefined for a rest
 * element, an array pattern or a computed key.
 */
export function bindingPath(
  ts: TypeScript,
  decl: TS.Node | undefined,
): { readonly holder: TS.VariableDeclaration | TS.ParameterDeclaration; readonly properties: readonly string[] } | undefined {
  if (!decl || !ts.isBindingElement(decl)) return undefined;
  const properties: string[] = [];
  let d: TS.Node = decl;
  while (ts.isBindingElement(d)) {
    if (d.dotDotDotToken || !ts.isObjectBindingPattern(d.parent)) return undefined;
    const key = d.propertyName ?? d.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return undefined;
    properties.unshift(key.text);
    d = d.parent.parent;
  }
  return ts.isVariableDeclaration(d) || ts.isParameter(d) ? { holder: d, properties } : undefined;
}

/**
 * The expression `e`'s value was first written as, seen through `const`
 * aliases, imports and re-exports, parentheses and assertions. Stops at
 * anything else (a parameter, a `let`, a call), which is returned as is.
 */
export function originOf(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression): TS.Expression {
  let x = skipOuter(ts, e);
  for (let i = 0; i < MAX_STEPS && ts.isIdentifier(x); i++) {
    const init = constInitializer(ts, symbolAt(checker, ts, x)?.valueDeclaration);
    if (!init) break;
    x = skipOuter(ts, init);
  }
  return x;
}

/**
 * The declaration a name or property read finally denotes, through `const`
 * aliases, destructuring, imports and re-exports.
 */
export function originDeclaration(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression): TS.Declaration | undefined {
  let x = skipOuter(ts, e);
  for (let i = 0; i < MAX_STEPS; i++) {
    if (!ts.isIdentifier(x) && !ts.isPropertyAccessExpression(x)) return undefined;
    const decl = symbolAt(checker, ts, x)?.valueDeclaration;
    const init = constInitializer(ts, decl);
    if (init) {
      x = skipOuter(ts, init);
      continue;
    }
    const from = destructuredFrom(ts, decl);
    if (from) {
      const prop = checker.getPropertyOfType(checker.getTypeAtLocation(from.source), from.property);
      return prop?.valueDeclaration ?? prop?.declarations?.[0];
    }
    return decl;
  }
  return undefined;
}

const assigned = new WeakMap<TS.Symbol, readonly TS.Expression[]>();

/**
 * Every value assigned with `=` to the `let` or `var` `variable` declares, in
 * its scope (the function around it, else its file). Asked by the world and
 * by values about the same names; found once per symbol.
 */
export function assignedValues(
  ts: TypeScript,
  checker: TS.TypeChecker,
  variable: TS.VariableDeclaration,
  symbol: TS.Symbol,
): readonly TS.Expression[] {
  let known = assigned.get(symbol);
  if (known) return known;
  const out: TS.Expression[] = [];
  walk(ts, enclosingFunction(ts, variable) ?? variable.getSourceFile(), (n) => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(ts, n.left);
      if (ts.isIdentifier(left) && checker.getSymbolAtLocation(left) === symbol) out.push(n.right);
    }
    return true;
  });
  assigned.set(symbol, (known = out));
  return known;
}
