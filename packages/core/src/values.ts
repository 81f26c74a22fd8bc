// Which expressions hold driver-scoped values, and how to name them in a
// message. By type for values; by what they capture for closures, whose
// types say nothing about it.
import { type FunctionNode, isFunctionNode, isModuleScope, skipOuter, text, within } from './syntax.js';
import type { TS, TypeScript } from './ts.js';
import type { Scope, TypeFacts } from './type-facts.js';

export interface Capture {
  readonly node: TS.Node;
  readonly name: string;
  readonly scope: Scope;
}

export interface ScopedValue {
  readonly node: TS.Expression;
  /** "the Core device `pdev`", "a closure that captures `pdev` (the Core device)" */
  readonly description: string;
  readonly scope: Scope;
  /** Set when the value is a closure (or an object of methods) that captures a driver-scoped value. */
  readonly capture?: Capture;
}

export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case 'device':
      return scope.context === 'Normal' ? 'a device reference' : scope.context === 'unknown' ? 'a device' : `the ${scope.context} device`;
    case 'private-data':
      return "the driver's private data";
    case 'resource':
      return `a device resource (${scope.name})`;
    case 'holder':
      return `a value holding ${describeScope(scope.inner).replace(/^the /, 'the ')}`;
  }
}

export function describeValue(node: TS.Node, scope: Scope): string {
  const kind = describeScope(scope);
  return `${kind} \`${text(node)}\``;
}

export function isCoreScope(scope: Scope): boolean {
  return scope.kind === 'device' && (scope.context === 'Core' || scope.context === 'CoreInternal');
}

export class Values {
  readonly #captures = new Map<FunctionNode, readonly Capture[]>();

  constructor(
    readonly ts: TypeScript,
    readonly checker: TS.TypeChecker,
    readonly facts: TypeFacts,
  ) {}

  scopeOfNode(e: TS.Node): Scope | undefined {
    return this.facts.scopeOf(this.checker.getTypeAtLocation(e));
  }

  /** The driver-scoped value `e` holds, if any. */
  scoped(expr: TS.Expression): ScopedValue | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, expr);
    if (ts.isSpreadElement(e)) return this.scoped(e.expression);
    const fn = this.functionValue(e);
    if (fn) {
      const c = this.captures(fn)[0];
      return c ? { node: expr, scope: c.scope, capture: c, description: `a closure that captures ${describeValue(c.node, c.scope)}` } : undefined;
    }
    if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) {
      const parts = ts.isObjectLiteralExpression(e) ? e.properties : e.elements;
      for (const p of parts) {
        const inner = this.#partValue(p);
        if (inner) return { ...inner, node: expr, description: `\`${text(e)}\`, which holds ${inner.description}` };
      }
      return undefined;
    }
    const scope = this.scopeOfNode(e);
    return scope ? { node: expr, scope, description: describeValue(e, scope) } : undefined;
  }

  #partValue(p: TS.Node): ScopedValue | undefined {
    const ts = this.ts;
    if (ts.isPropertyAssignment(p)) return this.scoped(p.initializer);
    if (ts.isShorthandPropertyAssignment(p)) return this.scoped(p.name);
    if (ts.isSpreadAssignment(p) || ts.isSpreadElement(p)) return this.scoped(p.expression);
    if (ts.isMethodDeclaration(p)) {
      const c = this.captures(p)[0];
      return c ? { node: p.name as unknown as TS.Expression, scope: c.scope, capture: c, description: `a method that captures ${describeValue(c.node, c.scope)}` } : undefined;
    }
    if (ts.isExpression(p)) return this.scoped(p);
    return undefined;
  }

  /** The function literal (or local function) an expression denotes. */
  functionValue(e: TS.Expression): FunctionNode | undefined {
    const ts = this.ts;
    if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return e;
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (!decl || isModuleScope(ts, decl)) return undefined;
    if (ts.isFunctionDeclaration(decl)) return decl;
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = skipOuter(ts, decl.initializer);
      if (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) return init;
    }
    return undefined;
  }

  /** Driver-scoped values from enclosing scopes that `fn` refers to (including a lexical `this`). */
  captures(fn: FunctionNode): readonly Capture[] {
    const known = this.#captures.get(fn);
    if (known) return known;
    this.#captures.set(fn, []); // recursion through local functions
    const ts = this.ts;
    const out: Capture[] = [];
    const seen = new Set<TS.Symbol>();
    const visit = (n: TS.Node, lexicalThis: boolean): void => {
      if (ts.isIdentifier(n) && !isPropertyName(ts, n)) {
        const s = this.checker.getSymbolAtLocation(n);
        const decl = s?.valueDeclaration;
        if (s && decl && !seen.has(s) && !within(decl, fn) && !isModuleScope(ts, decl) && !decl.getSourceFile().isDeclarationFile) {
          seen.add(s);
          const local = this.functionValue(n);
          if (local && local !== fn) {
            const inner = this.captures(local)[0];
            if (inner) out.push(inner);
          } else if (ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isBindingElement(decl)) {
            const scope = this.scopeOfNode(n);
            if (scope) out.push({ node: n, name: n.text, scope });
          }
        }
      } else if (n.kind === ts.SyntaxKind.ThisKeyword && lexicalThis) {
        const scope = this.scopeOfNode(n);
        if (scope && !out.some((c) => c.name === 'this')) out.push({ node: n, name: 'this', scope });
      }
      // `this` inside a nested non-arrow function is that function's own.
      const nestedThis = isFunctionNode(ts, n) && !ts.isArrowFunction(n) ? false : lexicalThis;
      ts.forEachChild(n, (c) => visit(c, nestedThis));
    };
    if (fn.body) visit(fn.body, ts.isArrowFunction(fn));
    // Core views first: they are the most specific thing to say about a closure.
    out.sort((a, b) => rankOf(b.scope) - rankOf(a.scope));
    this.#captures.set(fn, out);
    return out;
  }
}

function rankOf(s: Scope): number {
  return isCoreScope(s) ? 2 : s.kind === 'holder' ? 0 : 1;
}

function isPropertyName(ts: TypeScript, n: TS.Identifier): boolean {
  const p = n.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) || (ts.isMethodDeclaration(p) && p.name === n) || (ts.isPropertyDeclaration(p) && p.name === n);
}
