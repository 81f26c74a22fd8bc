// Small syntactic helpers shared by the analyses.
import type { TS, TypeScript } from '../ts.js';

export type FunctionNode =
  | TS.FunctionDeclaration
  | TS.MethodDeclaration
  | TS.FunctionExpression
  | TS.ArrowFunction
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration;

export function isFunctionNode(ts: TypeScript, n: TS.Node): n is FunctionNode {
  return kindTables(ts).function[n.kind] === 1;
}

/**
 * Per-kind tables for the predicates asked of every node. `ts.isX(n)` first
 * looks `isX` up on TypeScript's namespace object, which holds thousands of
 * names: about 30 ns a call, more than the walk itself costs per node. A
 * table made once per `ts` module answers by index. (One module per process
 * in practice; another one costs a WeakMap lookup when it takes over.)
 */
interface KindTables {
  readonly function: Uint8Array;
  /** A node without children: a name, literal or keyword. */
  readonly leaf: Uint8Array;
  /** `(e)`, `e!`, `e as T`, `e satisfies T`, `<T>e`: see skipOuter. */
  readonly wrapper: Uint8Array;
  /** Statements and expressions that branch, but for `&&`, `||` and `??` (see branchiest). */
  readonly branch: Uint8Array;
}

const tablesByTs = new WeakMap<TypeScript, KindTables>();
let lastTs: TypeScript | undefined;
let lastTables: KindTables | undefined;

export function kindTables(ts: TypeScript): KindTables {
  if (ts === lastTs && lastTables) return lastTables;
  let t = tablesByTs.get(ts);
  if (!t) {
    const K = ts.SyntaxKind;
    const table = (kinds: Iterable<number>): Uint8Array => {
      const a = new Uint8Array(K.Count + 1);
      for (const k of kinds) a[k] = 1;
      return a;
    };
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    t = {
      function: table([
        K.FunctionDeclaration,
        K.MethodDeclaration,
        K.FunctionExpression,
        K.ArrowFunction,
        K.Constructor,
        K.GetAccessor,
        K.SetAccessor,
      ]),
      wrapper: table([K.ParenthesizedExpression, K.NonNullExpression, K.AsExpression, K.SatisfiesExpression, K.TypeAssertionExpression]),
      branch: table([
        K.IfStatement,
        K.ConditionalExpression,
        K.ForStatement,
        K.ForInStatement,
        K.ForOfStatement,
        K.WhileStatement,
        K.DoStatement,
        K.CaseClause,
        K.CatchClause,
      ]),
      leaf: table([
        K.Identifier,
        K.PrivateIdentifier,
        K.NoSubstitutionTemplateLiteral,
        ...range(K.FirstLiteralToken, K.LastLiteralToken),
        ...range(K.FirstKeyword, K.LastKeyword),
      ]),
    };
    tablesByTs.set(ts, t);
  }
  lastTs = ts;
  lastTables = t;
  return t;
}

/** Strip parentheses, `as`, `!`, `satisfies` and type assertions. */
export function skipOuter(ts: TypeScript, e: TS.Expression): TS.Expression {
  const wrapper = kindTables(ts).wrapper;
  while (wrapper[e.kind] === 1) e = (e as TS.ParenthesizedExpression).expression;
  return e;
}

/** `n`, or the outermost parentheses, `as`, `!` or `satisfies` wrapped around it. */
export function outermostWrapper(ts: TypeScript, n: TS.Node): TS.Node {
  let x = n;
  while (
    x.parent &&
    (ts.isParenthesizedExpression(x.parent) ||
      ts.isAsExpression(x.parent) ||
      ts.isNonNullExpression(x.parent) ||
      ts.isSatisfiesExpression(x.parent))
  )
    x = x.parent;
  return x;
}

/** The function whose body contains `n` (not counting `n` itself). */
export function enclosingFunction(ts: TypeScript, n: TS.Node): FunctionNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionNode(ts, p)) return p;
  return undefined;
}

/** Whether a declaration sits at the top level of a module (or namespace). */
export function isModuleScope(ts: TypeScript, decl: TS.Node): boolean {
  const whole = declarationOfBinding(ts, decl);
  if (whole) {
    const stmt = whole.parent?.parent;
    return stmt !== undefined && ts.isVariableStatement(stmt) && (ts.isSourceFile(stmt.parent) || ts.isModuleBlock(stmt.parent));
  }
  return (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) && (ts.isSourceFile(decl.parent) || ts.isModuleBlock(decl.parent));
}

/**
 * The variable declaration a name belongs to: itself, or for a name
 * destructured from it (`const { items } = registry`, nested patterns
 * included) the declaration around the pattern; undefined for a parameter's
 * pattern or anything else.
 */
export function declarationOfBinding(ts: TypeScript, decl: TS.Node): TS.VariableDeclaration | undefined {
  let d: TS.Node = decl;
  while (ts.isBindingElement(d)) d = d.parent.parent;
  return ts.isVariableDeclaration(d) ? d : undefined;
}

/** `probe` for `probe(...) {}`, `probe: ...`, `'probe': ...` */
export function propertyName(ts: TypeScript, name: TS.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

export function text(n: TS.Node): string {
  const t = n.getText();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t.replace(/\s+/g, ' ');
}

/** Whether the value of a call is thrown away: `f();`, `void f();` */
export function isDiscarded(ts: TypeScript, e: TS.Expression): boolean {
  let n: TS.Node = e;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isVoidExpression(n.parent))) n = n.parent;
  return n.parent !== undefined && ts.isExpressionStatement(n.parent);
}

/**
 * Expressions whose value is a primitive by their syntax alone: literals, and
 * operators that compute a number, string, bigint or boolean (`n * 2`,
 * `x === 0`, `!ok`, `typeof x`). `a ?? b`, `a || b`, `a && b`, `(a, b)` and
 * the assignments that hand on an operand are not: their value is one of
 * their operands. Many writes, initializers and comparisons are these, and
 * their type cannot say that they hold a binding or a descriptor.
 */
export function isPrimitiveSyntax(ts: TypeScript, x: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  switch (x.kind) {
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
    case K.PrefixUnaryExpression:
    case K.PostfixUnaryExpression:
    case K.TypeOfExpression:
    case K.VoidExpression:
    case K.DeleteExpression:
      return true;
    case K.BinaryExpression:
      return !operandPassing(ts).has((x as TS.BinaryExpression).operatorToken.kind);
    default:
      return false;
  }
}

let passesOperand: ReadonlySet<TS.SyntaxKind> | undefined;
function operandPassing(ts: TypeScript): ReadonlySet<TS.SyntaxKind> {
  const K = ts.SyntaxKind;
  passesOperand ??= new Set([
    K.QuestionQuestionToken,
    K.BarBarToken,
    K.AmpersandAmpersandToken,
    K.CommaToken,
    K.EqualsToken,
    K.QuestionQuestionEqualsToken,
    K.BarBarEqualsToken,
    K.AmpersandAmpersandEqualsToken,
  ]);
  return passesOperand;
}

/** Flags of types whose values cannot hold a binding (TypeFlags.Primitive is internal). */
export function primitiveFlags(ts: TypeScript): number {
  const f = ts.TypeFlags;
  return (
    f.String |
    f.Number |
    f.Boolean |
    f.BigInt |
    f.StringLiteral |
    f.NumberLiteral |
    f.BooleanLiteral |
    f.BigIntLiteral |
    f.ESSymbol |
    f.UniqueESSymbol |
    f.Void |
    f.Undefined |
    f.Null |
    f.TemplateLiteral |
    f.StringMapping |
    f.EnumLiteral |
    f.Enum
  );
}

/**
 * `checker.getNonNullableType(t)`, without asking when `t` is an object type:
 * one is never null or undefined, so the checker gives it back unchanged (all
 * 117,000 such calls at 1,000 drivers), but only after working out its type
 * facts, which resolves its members.
 */
export function nonNullable(ts: TypeScript, checker: TS.TypeChecker, t: TS.Type): TS.Type {
  return t.flags & ts.TypeFlags.Object ? t : checker.getNonNullableType(t);
}

/**
 * The declared type of the variable or parameter a name refers to. Flow
 * analysis only narrows it: at any reference the value's type is part of
 * this one, so a question whose answer narrowing keeps (a primitive stays
 * one, a type that is not `any` does not become it) can be answered from
 * it without typing the reference, which re-runs flow analysis each time.
 * Undefined for anything else (an import, a function, `this`, an
 * expression).
 */
export function declaredTypeOfName(ts: TypeScript, checker: TS.TypeChecker, e: TS.Node): TS.Type | undefined {
  if (!ts.isIdentifier(e)) return undefined;
  const symbol = checker.getSymbolAtLocation(e);
  if (!symbol?.valueDeclaration || !(symbol.flags & ts.SymbolFlags.Variable) || symbol.flags & ts.SymbolFlags.Alias) return undefined;
  return checker.getTypeOfSymbol(symbol);
}

/** Whether `n` is `ancestor` or lies inside it. */
export function within(n: TS.Node, ancestor: TS.Node): boolean {
  for (let p: TS.Node | undefined = n; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Whether a symbol comes from the default library (Map, Array, Promise, …). */
export function isLibSymbol(symbol: TS.Symbol | undefined): boolean {
  const f = symbol?.declarations?.[0]?.getSourceFile();
  // `hasNoDefaultLib` is always false from TypeScript 6 on, and still what 5.8 sets on lib files.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return f !== undefined && (f.hasNoDefaultLib || /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/.test(f.fileName));
}

/**
 * A pre-order walk with an explicit stack: no recursion that grows with the
 * input's depth, so a 6,000-term concatenation cannot overflow the stack.
 * `enter` returns false to skip a node's children.
 */
// `void` in the union: a visitor that returns nothing goes on into the children, as one that returns true.
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export function walk(ts: TypeScript, root: TS.Node, enter: (n: TS.Node) => boolean | void): void {
  const stack: TS.Node[] = [root];
  // One callback for the whole walk, and children reversed in place: a closure
  // made per node, and a child list emptied with `length = 0` (which frees its
  // store), were 175 MB of the 1,421 MB the analysis allocated at 1,000
  // drivers (file-index's walk, the same way, another 81 MB).
  const push = (c: TS.Node): void => {
    stack.push(c);
  };
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (enter(n) === false) continue;
    const first = stack.length;
    ts.forEachChild(n, push);
    reverseFrom(stack, first);
  }
}

/** Reverses `list` from `from` to its end, in place: children pushed in order, so that the first is popped first. */
export function reverseFrom(list: unknown[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const x = list[i];
    list[i] = list[j];
    list[j] = x;
  }
}

/** The base of a property and element chain: `self` for `self.qs[0].fw`, assertions peeled. */
export function accessRoot(ts: TypeScript, e: TS.Expression): TS.Expression {
  let x = skipOuter(ts, e);
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) x = skipOuter(ts, x.expression);
  return x;
}

/** An import specifier, with one of the commas around it (the caller removes an import left empty). */
export function importSpecifierRemoval(file: TS.SourceFile, spec: TS.ImportSpecifier): { start: number; end: number; text: string } {
  const elements = spec.parent.elements;
  const i = elements.indexOf(spec);
  const next = elements[i + 1];
  const prev = elements[i - 1];
  return next
    ? { start: spec.getStart(file), end: next.getStart(file), text: '' }
    : { start: prev ? prev.end : spec.getStart(file), end: spec.end, text: '' };
}

/**
 * Expressions whose type is never `any`, by their syntax: functions, object,
 * array and class literals, and the primitives of isPrimitiveSyntax but
 * `a + b` and the assignments, whose type is `any` when an operand's is
 * (`-=` and the like are left out with them). Most arguments and assigned
 * values are one of these, and asking the checker for the type of a function
 * or object literal out of its place makes types the type-check itself never
 * needs, and for `(acc + io.read32(REG)) >>> 0` resolves the calls inside.
 */
export function neverAny(ts: TypeScript, expr: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  let e = expr;
  while (e.kind === K.ParenthesizedExpression) e = (e as TS.ParenthesizedExpression).expression;
  switch (e.kind) {
    case K.ArrowFunction:
    case K.FunctionExpression:
    case K.ObjectLiteralExpression:
    case K.ArrayLiteralExpression:
    case K.ClassExpression:
      return true;
    case K.BinaryExpression: {
      const op = (e as TS.BinaryExpression).operatorToken.kind;
      return op !== K.PlusToken && !(op >= K.FirstAssignment && op <= K.LastAssignment) && isPrimitiveSyntax(ts, e);
    }
    default:
      return isPrimitiveSyntax(ts, e);
  }
}
