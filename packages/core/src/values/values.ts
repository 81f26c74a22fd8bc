// Which expressions hold driver-scoped values, and how to name them in a
// message. By type for values; by what they capture for closures, whose
// types say nothing about it.
import { possibleSignatures } from '../calls/possible-signatures.js';
import { LocalValues } from './local-values.js';
import { Holders } from './holders.js';
import { type Capture, type ScopedValue, describeScope, describeValue, rankOf } from './describe.js';
import { isNonRetaining, libraryMemberOf } from '../calls/library.js';
import type { CallbackRole } from '../discovery/drivers.js';
import type { PatternWrite } from '../facts/file-index.js';
import { bindingPath, constInitializer, destructuredFrom } from '../facts/origin.js';
import {
  type FunctionNode,
  isFunctionNode,
  isModuleScope,
  isPrimitiveSyntax,
  nonNullable,
  declaredTypeOfName,
  primitiveFlags,
  reverseFrom,
  skipOuter,
  text,
  within,
} from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import type { Scope, TypeFacts } from '../facts/type-facts.js';

export { type Capture, type ScopedValue, describeScope, describeValue, isCoreScope } from './describe.js';

export class Values {
  readonly #captures = new Map<FunctionNode, readonly Capture[]>();

  readonly #derived = new Map<TS.Node, Scope | null>();
  readonly #holders: Holders;
  readonly #locals: LocalValues;

  constructor(
    readonly ts: TypeScript,
    readonly checker: TS.TypeChecker,
    readonly facts: TypeFacts,
    /** The role of a driver callback, so that unbind's `self` is the private data whatever its type. */
    readonly roleOf: (fn: FunctionNode) => CallbackRole | undefined = () => undefined,
  ) {
    if (BRANCHING.size === 0) BRANCHING = new Set(BRANCHING_KINDS.map((k) => ts.SyntaxKind[k]));
    this.#locals = new LocalValues(ts, checker);
    this.#holders = new Holders({
      ts,
      checker,
      locals: this.#locals,
      scoped: (e) => this.scoped(e),
      captures: (fn) => this.captures(fn),
    });
  }

  /** What the type of `e` says. */
  scopeOfNode(e: TS.Node): Scope | undefined {
    return this.facts.scopeOf(this.checker.getTypeAtLocation(e));
  }

  /**
   * What `e` holds, by type or by origin: a `const` alias or a destructured
   * name carries what its initializer holds, and a field or element read out
   * of a driver-scoped value is part of it.
   */
  scopeOfValue(e: TS.Expression): Scope | undefined {
    if (this.#primitiveByDeclaration(e)) return undefined;
    return this.scopeOfNode(e) ?? this.derivedScope(e);
  }

  /**
   * A name whose variable or parameter is declared with a primitive type is
   * plain data wherever it stands (see declaredTypeOfName): both answers of
   * scopeOfValue are undefined, and its type at the reference need not be asked.
   */
  #primitiveByDeclaration(e: TS.Expression): boolean {
    const declared = declaredTypeOfName(this.ts, this.checker, e);
    return declared !== undefined && (declared.flags & primitiveFlags(this.ts)) !== 0;
  }

  /** The scope `e` has by origin alone; undefined for plain data (primitives, functions). */
  derivedScope(expr: TS.Expression, depth = 0): Scope | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, expr);
    const known = this.#derived.get(e);
    if (known !== undefined) return known ?? undefined;
    this.#derived.set(e, null); // cycles through const bindings: assume not
    const found = depth < 8 && this.#mayHoldBinding(e) ? this.#derive(e, depth) : undefined;
    this.#derived.set(e, found ?? null);
    return found;
  }

  #derive(e: TS.Expression, depth: number): Scope | undefined {
    const ts = this.ts;
    const part = (s: Scope | undefined): Scope | undefined => (s === undefined ? undefined : partOf(s));
    const of = (x: TS.Expression): Scope | undefined => this.scopeOfNode(x) ?? this.derivedScope(x, depth + 1);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return part(of(skipOuter(ts, e.expression)));
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (!decl || isModuleScope(ts, decl)) return undefined;
    // unbind's `self` is the private data, and a name destructured from it (`unbind(pdev, { res })`) part of it.
    const param = ts.isParameter(decl) ? decl : bindingPath(ts, decl)?.holder;
    if (
      param &&
      ts.isParameter(param) &&
      isFunctionNode(ts, param.parent) &&
      param.parent.parameters.indexOf(param) === 1 &&
      this.roleOf(param.parent) === 'unbind'
    ) {
      return param === decl ? { kind: 'private-data', name: 'Self' } : { kind: 'part', of: { kind: 'private-data', name: 'Self' } };
    }
    const init = constInitializer(ts, decl);
    if (init) return of(init);
    const from = destructuredFrom(ts, decl);
    if (from) return part(of(from.source));
    const each = elementSource(ts, decl);
    return each ? part(of(each)) : undefined;
  }

  /** Primitives and functions carry no binding, whatever they were read from. */
  #mayHoldBinding(e: TS.Expression): boolean {
    const t = this.checker.getTypeAtLocation(e);
    if (t.flags & primitiveFlags(this.ts)) return false;
    return this.checker.getSignaturesOfType(nonNullable(this.ts, this.checker, t), this.ts.SignatureKind.Call).length === 0;
  }

  /** The driver-scoped value `e` holds, if any. */
  scoped(expr: TS.Expression): ScopedValue | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, expr);
    if (isPrimitiveSyntax(ts, e)) return undefined;
    if (ts.isSpreadElement(e)) return this.scoped(e.expression);
    const fn = this.functionValue(e);
    if (fn) {
      const c = this.captures(fn)[0];
      return c
        ? { node: expr, scope: c.scope, capture: c, description: `a closure that captures ${describeValue(c.node, c.scope)}` }
        : undefined;
    }
    // `f.bind(pdev, …)`: a function that keeps what it was bound to, like a closure that captures it; also through a
    // `const` that holds one.
    const bound = this.#holders.boundTo(e) ?? (ts.isIdentifier(e) ? this.#holders.boundThrough(e) : undefined);
    if (bound) return bound;
    // A local that holds a literal holds what the literal does: `const ops = { go() { pdev.setMaster(); } }`.
    const literal = ts.isIdentifier(e)
      ? this.#holders.literalThrough(e)
      : ts.isPropertyAccessExpression(e)
        ? this.#holders.memberThrough(e)
        : undefined;
    if (literal) return { ...literal, node: expr };
    // An instance of a class declared in a function holds what its members capture; a generator object, what its
    // function was given.
    const made = this.#holders.made(e);
    if (made) return { ...made, node: expr };
    // `cond ? pdev : pdev.ref()`, `a ?? pdev`: what either branch may hold, the most specific first.
    const branches = ts.isConditionalExpression(e)
      ? [e.whenTrue, e.whenFalse]
      : ts.isBinaryExpression(e) && BRANCHING.has(e.operatorToken.kind)
        ? [e.left, e.right]
        : undefined;
    if (branches) {
      const found = branches.map((b) => this.scoped(b)).filter((v): v is ScopedValue => v !== undefined);
      const best = found.sort((a, b) => rankOf(b.capture?.scope ?? b.scope) - rankOf(a.capture?.scope ?? a.scope))[0];
      if (best) return { ...best, node: expr };
    }
    if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) {
      const parts = ts.isObjectLiteralExpression(e) ? e.properties : e.elements;
      for (const p of parts) {
        const inner = this.#partValue(p);
        if (inner) return { ...inner, node: expr, description: `\`${text(e)}\` (holding ${inner.description})` };
      }
      return undefined;
    }
    const scope = this.scopeOfValue(e);
    return scope ? { node: expr, scope, description: describeValue(e, scope) } : this.#builtFrom(e);
  }

  /**
   * What code drvlint cannot see built from a driver-scoped value may hold
   * it: `new Error('…', { cause: self })`, `new Map([[k, pdev]])`. Calls of
   * the program's own functions are summarised instead, the kernel API is
   * trusted, and library members that keep nothing are known by declaration.
   */
  #builtFrom(e: TS.Expression): ScopedValue | undefined {
    const ts = this.ts;
    if (!(ts.isNewExpression(e) || ts.isCallExpression(e)) || (e.arguments?.length ?? 0) === 0 || !this.#mayHoldBinding(e))
      return undefined;
    const signatures = possibleSignatures(ts, this.checker, e);
    if (!signatures || signatures.length === 0) return undefined;
    for (const s of signatures) {
      const d = s.getDeclaration() as TS.SignatureDeclaration | undefined;
      const f = d?.getSourceFile();
      if (!d || !f?.isDeclarationFile || ('body' in d && d.body) || this.facts.kernel.isKernelFile(f.fileName)) return undefined;
    }
    const member = libraryMemberOf(ts, this.checker, e);
    if (member && isNonRetaining(member)) return undefined;
    for (const a of e.arguments ?? []) {
      const v = this.scoped(ts.isSpreadElement(a) ? a.expression : a);
      if (v)
        return {
          node: e,
          scope: { kind: 'holder', inner: v.capture?.scope ?? v.scope },
          description: `\`${text(e)}\` (built from ${v.description})`,
        };
    }
    return undefined;
  }

  /** The driver-scoped value a destructuring assignment writes into one of its names, if any. */
  written(w: PatternWrite): ScopedValue | undefined {
    return w.value ? this.scoped(w.value) : this.#readOut(w.at.right, w.target);
  }

  /**
   * What a destructuring assignment stores in `leaf` when it reads it out of
   * `source` (`({ dev: current } = holder)`). What lands in a name is of the
   * name's type, so a driver-scoped type says what it is; otherwise it is
   * part of what `source` holds, as a property read of it would be. Nothing
   * when the name's type cannot hold a binding (`({ name: last } = pdev)`).
   */
  #readOut(source: TS.Expression, leaf: TS.Expression): ScopedValue | undefined {
    if (!this.#mayHoldBinding(leaf)) return undefined;
    const typed = this.scopeOfNode(leaf);
    if (typed) return { node: source, scope: typed, description: `${describeScope(typed)} read out of \`${text(source)}\`` };
    const held = this.scoped(source);
    if (!held) return undefined;
    if (held.capture) return held;
    return { node: source, scope: partOf(held.scope), description: `part of ${held.description}` };
  }

  #partValue(p: TS.Node): ScopedValue | undefined {
    const ts = this.ts;
    if (ts.isPropertyAssignment(p)) return this.scoped(p.initializer);
    if (ts.isShorthandPropertyAssignment(p)) {
      const typed = this.scoped(p.name);
      if (typed) return typed;
      // `{ ops }`: what the variable `ops` holds (the name here is the property's).
      const variable = this.checker.getShorthandAssignmentValueSymbol(p)?.valueDeclaration;
      return variable && ts.isVariableDeclaration(variable) && ts.isIdentifier(variable.name)
        ? this.#holders.literalThrough(variable.name)
        : undefined;
    }
    if (ts.isSpreadAssignment(p) || ts.isSpreadElement(p)) return this.scoped(p.expression);
    if (ts.isMethodDeclaration(p)) return this.#holders.capturing(p, 'a method that captures');
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
    // What the name may hold: a `let` may be given other functions later; the one that captures something counts.
    const literals = this.#locals
      .possibleValues(e)
      .map((v) => skipOuter(ts, v))
      .filter((v): v is TS.FunctionExpression | TS.ArrowFunction => ts.isFunctionExpression(v) || ts.isArrowFunction(v));
    return literals.find((f) => this.captures(f).length > 0) ?? literals[0];
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
            const scope = this.scopeOfValue(n);
            // `const log = pdev.info.bind(pdev)`: calling `log` uses what it is bound to; `const ops = { go() { … } }`,
            // what `ops` holds.
            const held = scope ? undefined : (this.#holders.boundThrough(n) ?? this.#holders.literalThrough(n));
            if (scope) out.push({ node: n, name: n.text, scope });
            else if (held?.capture) out.push(held.capture);
            else if (held) out.push({ node: n, name: n.text, scope: held.scope });
          }
        }
      } else if (n.kind === ts.SyntaxKind.ThisKeyword && lexicalThis) {
        const scope = this.scopeOfNode(n);
        if (scope && !out.some((c) => c.name === 'this')) out.push({ node: n, name: 'this', scope });
      }
    };
    // Pre-order, with an explicit stack: no recursion that grows with the depth of the body (a long `a + b + …`).
    const stack: [TS.Node, boolean][] = fn.body ? [[fn.body, ts.isArrowFunction(fn)]] : [];
    for (let top = stack.pop(); top; top = stack.pop()) {
      const [n, lexicalThis] = top;
      visit(n, lexicalThis);
      // `this` inside a nested non-arrow function is that function's own.
      const nestedThis = isFunctionNode(ts, n) && !ts.isArrowFunction(n) ? false : lexicalThis;
      const first = stack.length;
      ts.forEachChild(n, (c) => {
        stack.push([c, nestedThis]);
      });
      reverseFrom(stack, first);
    }
    // Core views first: they are the most specific thing to say about a closure.
    out.sort((a, b) => rankOf(b.scope) - rankOf(a.scope));
    this.#captures.set(fn, out);
    return out;
  }
}

/** A part of what `s` is: a part of a part is a part of the whole. */
function partOf(s: Scope): Scope {
  return s.kind === 'part' ? s : { kind: 'part', of: s };
}

/** `??` and `||` hand on either side; `&&` the right one, or a falsy left one, which holds nothing. */
const BRANCHING_KINDS = ['QuestionQuestionToken', 'BarBarToken', 'AmpersandAmpersandToken'] as const;
let BRANCHING: ReadonlySet<TS.SyntaxKind> = new Set();

// Array methods whose callback's first parameter is an element of the receiver, called synchronously.
const ELEMENT_CALLBACKS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findLast', 'flatMap']);

/**
 * The collection a name walks: `xs` for `for (const x of xs)` and for the
 * first parameter of `xs.forEach((x) => …)`.
 */
function elementSource(ts: TypeScript, decl: TS.Node): TS.Expression | undefined {
  if (
    ts.isVariableDeclaration(decl) &&
    ts.isIdentifier(decl.name) &&
    ts.isVariableDeclarationList(decl.parent) &&
    decl.parent.flags & ts.NodeFlags.Const
  ) {
    const loop = decl.parent.parent;
    return ts.isForOfStatement(loop) ? loop.expression : undefined;
  }
  if (!ts.isParameter(decl) || !ts.isIdentifier(decl.name) || !isFunctionNode(ts, decl.parent) || decl.parent.parameters[0] !== decl)
    return undefined;
  return elementCallbackReceiver(ts, decl.parent);
}

/** `xs` when `fn` is the callback of `xs.forEach(fn)` (or map, some, …): it runs synchronously, on each element. */
export function elementCallbackReceiver(ts: TypeScript, fn: FunctionNode): TS.Expression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = skipOuter(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && ELEMENT_CALLBACKS.has(callee.name.text) ? callee.expression : undefined;
}

function isPropertyName(ts: TypeScript, n: TS.Identifier): boolean {
  const p = n.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.name === n) ||
    (ts.isPropertyAssignment(p) && p.name === n) ||
    (ts.isMethodDeclaration(p) && p.name === n) ||
    (ts.isPropertyDeclaration(p) && p.name === n)
  );
}
