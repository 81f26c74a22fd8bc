// Which references of a file narrowing may give a type other than their
// declared one, beyond taking out null and undefined. Narrowing picks among a
// union's members; a declared type that is no union changes only where the
// file says so in a few ways:
// - `x instanceof C`, `'k' in x` and `x.constructor === C`;
// - comparing `x` with another value (`x === other`, `switch (x) { case other: }`),
//   which turns `{}` and `unknown` into the value's type. A comparison with a
//   literal, `null` or `undefined` does that too, and those are not counted:
//   the shortcut leaves types with no members of their own to the checker, and
//   an object type compared with a literal stays as it was, or is `never`
//   where the code cannot run;
// - `typeof x === 'function'`;
// - a call of a type predicate or assertion (`isQueue(x)`, `assert(x)`,
//   `x.isReady()` with `this is Ready`).
// So a reference whose root name (`dev` in `dev.regs.read`) none of these
// mention anywhere in the file has its declared type wherever it is used, and
// a method on it is the one that type declares. Names are compared by their
// text, not their symbols: a narrowing of another `dev` in the same file
// counts too, which only leaves more calls to the checker.
import { kindTables } from '../syntax/syntax.js';
import { answersFor } from '../program/node-cache.js';
import type { Remembered, ReuseAcrossPrograms } from '../program/reuse.js';
import type { TS, TypeScript } from '../ts.js';

type SignaturesOf = (call: TS.CallExpression) => readonly TS.Signature[] | undefined;

/** What a file's syntax says about narrowing, before any question to the checker: valid for the file object in any program. */
export interface NarrowingSyntax {
  /** Roots that `instanceof`, `in`, a comparison or a `switch` may narrow. */
  readonly marked: ReadonlySet<string>;
  /** Calls that may be type predicates or assertions: their callees' signatures say. */
  readonly calls: readonly TS.CallExpression[];
}

const syntaxByFile = new WeakMap<TS.SourceFile, NarrowingSyntax>();
const byChecker = new WeakMap<TS.TypeChecker, WeakMap<TS.SourceFile, ReadonlySet<string>>>();
/**
 * A file's roots as an earlier program found them. They depend on the file's
 * syntax and on which of its callees are declared as type predicates, so
 * they hold while the file and everything it imports are the same objects
 * (see reuse.ts): an edit that makes a new program, in an editor or under
 * `eslint --fix`, asks the new checker again only about the files it changed
 * and those that import them.
 */
const earlierRoots: Remembered<ReadonlySet<string>> = new WeakMap();
const reuseByChecker = new WeakMap<TS.TypeChecker, ReuseAcrossPrograms>();

/** Let the roots found with `checker` be reused by later programs, and earlier ones' by it, as `reuse` allows. */
export function reuseNarrowing(checker: TS.TypeChecker, reuse: ReuseAcrossPrograms): void {
  reuseByChecker.set(checker, reuse);
}

/**
 * Keep what the file index's walk found (see narrowingSyntaxOf), so that no
 * second walk of the file is needed; a file the index has not seen is walked
 * here.
 */
export function rememberNarrowingSyntax(file: TS.SourceFile, syntax: NarrowingSyntax): void {
  syntaxByFile.set(file, syntax);
}

/** The root names (`this` for `this.…`) of the references narrowing may give a subtype in `file`. */
export function narrowedRoots(
  ts: TypeScript,
  checker: TS.TypeChecker,
  file: TS.SourceFile,
  signaturesOf: SignaturesOf,
): ReadonlySet<string> {
  const known = answersFor(byChecker, checker);
  let roots = known.get(file);
  if (!roots) {
    const reuse = reuseByChecker.get(checker);
    roots = reuse?.earlier(earlierRoots, file);
    if (!roots) {
      let syntax = syntaxByFile.get(file);
      if (!syntax) syntaxByFile.set(file, (syntax = walkFile(ts, file)));
      roots = withPredicates(ts, checker, syntax, signaturesOf);
      reuse?.remember(earlierRoots, file, roots);
    }
    known.set(file, roots);
  }
  return roots;
}

/** The narrowing syntax of a file from its `instanceof`, `in` and equality expressions, its `switch` statements and its calls. */
export function narrowingSyntaxOf(
  ts: TypeScript,
  binaries: readonly TS.BinaryExpression[],
  switches: readonly TS.SwitchStatement[],
  calls: readonly (TS.CallExpression | TS.NewExpression)[],
): NarrowingSyntax {
  const K = ts.SyntaxKind;
  const marked = new Set<string>();
  const mark = (e: TS.Expression): void => {
    const r = rootName(ts, e.kind === K.TypeOfExpression ? (e as TS.TypeOfExpression).expression : e);
    if (r !== undefined) marked.add(r);
  };
  for (const { left, right, operatorToken } of binaries) {
    const op = operatorToken.kind;
    if (op === K.InstanceOfKeyword) mark(left);
    else if (op === K.InKeyword) mark(right);
    else {
      const literal = isLiteral(ts, left) || isLiteral(ts, right);
      if (!literal || left.kind === K.TypeOfExpression) mark(left);
      if (!literal || right.kind === K.TypeOfExpression) mark(right);
    }
  }
  for (const s of switches)
    if (s.caseBlock.clauses.some((c) => ts.isCaseClause(c) && !isLiteral(ts, c.expression)) || s.expression.kind === K.TypeOfExpression)
      mark(s.expression);
  const open = calls.filter(
    (c): c is TS.CallExpression => c.kind === K.CallExpression && (c.arguments.length > 0 || ts.isPropertyAccessExpression(c.expression)),
  );
  return { marked, calls: open };
}

/** Whether `op` is `instanceof`, `in` or an equality: the operators of the binary expressions narrowingSyntaxOf reads. */
export function mayNarrow(ts: TypeScript, op: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return (
    op === K.InstanceOfKeyword ||
    op === K.InKeyword ||
    op === K.EqualsEqualsEqualsToken ||
    op === K.ExclamationEqualsEqualsToken ||
    op === K.EqualsEqualsToken ||
    op === K.ExclamationEqualsToken
  );
}

/**
 * The root name of a reference (`x`, `x.a.b`, `x[0]`, `this.a`), through
 * parentheses, `!`, type assertions and assignments (`(x = y) instanceof C`
 * narrows `x`); undefined for anything else, which narrowing does not keep.
 */
function rootName(ts: TypeScript, expr: TS.Expression): string | undefined {
  const K = ts.SyntaxKind;
  let e: TS.Expression = expr;
  for (;;) {
    switch (e.kind) {
      case K.Identifier:
        return (e as TS.Identifier).text;
      case K.ThisKeyword:
        return 'this';
      case K.SuperKeyword:
        return 'super';
      case K.PropertyAccessExpression:
      case K.ElementAccessExpression:
      case K.ParenthesizedExpression:
      case K.NonNullExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.TypeAssertionExpression:
        e = (e as TS.PropertyAccessExpression | TS.ParenthesizedExpression).expression;
        break;
      case K.BinaryExpression: {
        const b = e as TS.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === K.CommaToken) e = b.right;
        else if (op >= K.FirstAssignment && op <= K.LastAssignment) e = b.left;
        else return undefined;
        break;
      }
      default:
        return undefined;
    }
  }
}

/** A file's narrowing syntax, for a file the index has not walked. */
function walkFile(ts: TypeScript, file: TS.SourceFile): NarrowingSyntax {
  const K = ts.SyntaxKind;
  const binaries: TS.BinaryExpression[] = [];
  const switches: TS.SwitchStatement[] = [];
  const calls: TS.CallExpression[] = [];
  const stack: TS.Node[] = [file];
  const { leaf } = kindTables(ts);
  const push = (c: TS.Node): void => {
    if (leaf[c.kind] !== 1) stack.push(c);
  };
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.kind === K.BinaryExpression) {
      if (mayNarrow(ts, (n as TS.BinaryExpression).operatorToken.kind)) binaries.push(n as TS.BinaryExpression);
    } else if (n.kind === K.SwitchStatement) switches.push(n as TS.SwitchStatement);
    else if (n.kind === K.CallExpression) calls.push(n as TS.CallExpression);
    ts.forEachChild(n, push);
  }
  return narrowingSyntaxOf(ts, binaries, switches, calls);
}

/**
 * The marked roots, and those of what a predicate's call narrows: its
 * arguments, or its receiver for `this is T`. Whether a callee is one is read
 * from its declared type unless its own root is narrowed, which can make it
 * one: then every argument counts, and that can in turn narrow another
 * callee's root, so this runs until nothing changes.
 */
function withPredicates(ts: TypeScript, checker: TS.TypeChecker, syntax: NarrowingSyntax, signaturesOf: SignaturesOf): ReadonlySet<string> {
  const roots = new Set(syntax.marked);
  const mark = (e: TS.Expression): void => {
    const r = rootName(ts, e);
    if (r !== undefined) roots.add(r);
  };
  const open = new Set(syntax.calls);
  for (let changed = true; changed;) {
    changed = false;
    for (const call of open) {
      const callee = call.expression;
      const root = rootName(ts, callee);
      const signatures = root !== undefined && roots.has(root) ? undefined : signaturesOf(call);
      const predicates = signatures?.map((s) => predicateOf(ts, checker, s)).filter((p) => p !== undefined);
      if (signatures && predicates?.length === 0) continue;
      const before = roots.size;
      const onThis =
        !signatures || predicates?.some((p) => p.kind === ts.TypePredicateKind.This || p.kind === ts.TypePredicateKind.AssertsThis);
      for (const a of call.arguments) mark(a);
      if (onThis && ts.isPropertyAccessExpression(callee)) mark(callee.expression);
      open.delete(call);
      if (roots.size !== before) changed = true;
    }
  }
  return roots;
}

/** A signature's type predicate; one whose declaration writes a result type that is none has none, known without asking. */
function predicateOf(ts: TypeScript, checker: TS.TypeChecker, s: TS.Signature): TS.TypePredicate | undefined {
  const written = (s.getDeclaration() as TS.SignatureDeclaration | undefined)?.type;
  return written && written.kind !== ts.SyntaxKind.TypePredicate ? undefined : checker.getTypePredicateOfSignature(s);
}

/** A value comparing with which leaves an object type as it was: a literal, `null`, `undefined` or `void 0`. */
function isLiteral(ts: TypeScript, e: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  switch (e.kind) {
    case K.StringLiteral:
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
    case K.VoidExpression:
      return true;
    case K.Identifier:
      return (e as TS.Identifier).text === 'undefined';
    case K.PrefixUnaryExpression:
      return isLiteral(ts, (e as TS.PrefixUnaryExpression).operand);
    case K.ParenthesizedExpression:
      return isLiteral(ts, (e as TS.ParenthesizedExpression).expression);
    default:
      return false;
  }
}
