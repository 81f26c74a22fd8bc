// Which signatures a call can resolve to, read from its callee's declared
// type where flow analysis cannot have changed it (see narrowing.ts), and
// typed where it stands elsewhere. Resolving a call picks an overload, infers
// type arguments and checks every argument; typing the callee alone costs a
// fraction of that, and reading it from declarations less again.
import { resolve, symbolAt } from '../model/kernel-model.js';
import { answersFor } from '../program/node-cache.js';
import { narrowedRoots } from './narrowing.js';
import { nonNullable } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

/**
 * The signatures `call` can resolve to, from the type of its callee (with
 * `null` and `undefined` taken out, for optional calls); undefined when that
 * type has none or one without a declaration, and only resolving the call
 * tells (`super(…)`, an `any` callee, a synthetic signature).
 */
export function possibleSignatures(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
): readonly TS.Signature[] | undefined {
  // Asked of every call by several rules: answered once per checker and call.
  if (checker !== lastChecker) {
    lastChecker = checker;
    lastKnown = answersFor(byChecker, checker);
  }
  const known = lastKnown as WeakMap<TS.Node, readonly TS.Signature[] | null>;
  let found = known.get(call);
  if (found === undefined) known.set(call, (found = compute(ts, checker, call) ?? null));
  return found ?? undefined;
}

const byChecker = new WeakMap<TS.TypeChecker, WeakMap<TS.Node, readonly TS.Signature[] | null>>();
let lastChecker: TS.TypeChecker | undefined;
let lastKnown: WeakMap<TS.Node, readonly TS.Signature[] | null> | undefined;

/**
 * A callee rooted at a name or `this` is read from declarations only where
 * its file narrows nothing from that root: `instanceof` or a type predicate
 * can give a declared type that is no union a subtype, whose member is
 * declared elsewhere. Elsewhere it is typed where it stands.
 */
function compute(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): readonly TS.Signature[] | undefined {
  if (onlyResolvingTells(ts, call)) return undefined;
  const base = memberBase(ts, call.expression);
  if (base.kind === ts.SyntaxKind.Identifier || base.kind === ts.SyntaxKind.ThisKeyword) {
    return narrowedIn(ts, checker, call.getSourceFile()).has(rootKey(ts, base))
      ? signaturesOfCallee(ts, checker, call, undefined)
      : assumedSignatures(ts, checker, call);
  }
  return signaturesOfCallee(ts, checker, call, isCall(ts, base) ? declaredCalleeType(ts, checker, call.expression, true) : undefined);
}

/** `super(…)` and `import(…)`: their callees have no signatures to read. */
function onlyResolvingTells(ts: TypeScript, call: TS.CallExpression | TS.NewExpression): boolean {
  const callee = call.expression.kind;
  return callee === ts.SyntaxKind.SuperKeyword || callee === ts.SyntaxKind.ImportKeyword;
}

/** The name narrowing.ts keys a root by: a name's text, or `this`. */
function rootKey(ts: TypeScript, base: TS.Expression): string {
  return base.kind === ts.SyntaxKind.ThisKeyword ? 'this' : (base as TS.Identifier).text;
}

/** The signatures of the callee's type: `declared` when known, else the type the checker gives the callee where it stands. */
function signaturesOfCallee(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
  declared: TS.Type | undefined,
): readonly TS.Signature[] | undefined {
  const type = declared ?? nonNullable(ts, checker, checker.getTypeAtLocation(call.expression));
  const signatures = call.kind === ts.SyntaxKind.NewExpression ? type.getConstructSignatures() : type.getCallSignatures();
  if (signatures.length === 0 || signatures.some((s) => s.getDeclaration() === undefined)) return undefined;
  return signatures;
}

const assumedByChecker = new WeakMap<TS.TypeChecker, WeakMap<TS.Node, readonly TS.Signature[] | null>>();

/**
 * The signatures `call` can resolve to if nothing in its file narrowed its
 * root: what narrowing.ts reads type predicates from, for the roots it has
 * not found narrowed (it cannot ask about the file it is reading), and what
 * possibleSignatures gives once it knows that none did.
 */
function assumedSignatures(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
): readonly TS.Signature[] | undefined {
  const known = answersFor(assumedByChecker, checker);
  let found = known.get(call);
  if (found === undefined) {
    const declared = onlyResolvingTells(ts, call)
      ? undefined
      : signaturesOfCallee(ts, checker, call, declaredCalleeType(ts, checker, call.expression, false));
    known.set(call, (found = declared ?? null));
  }
  return found ?? undefined;
}

/** The root names narrowing may give a subtype in `file` (see narrowing.ts). */
function narrowedIn(ts: TypeScript, checker: TS.TypeChecker, file: TS.SourceFile): ReadonlySet<string> {
  return narrowedRoots(ts, checker, file, (c) => assumedSignatures(ts, checker, c));
}

/**
 * The type of a callee `f`, `a.b.f` or `g().f` from the declared types of the
 * names and results in it, without flow analysis: typing the expression
 * re-runs narrowing for each reference, and a call that is resolved later
 * types its callee again, so most callees were typed twice. Narrowing a union
 * picks among its members, so a union gives undefined, as does a declared
 * type that says nothing (no name, `any`), and the caller types the
 * expression as before. Narrowing an object type by `instanceof` or a type
 * predicate can give a subtype whose member is declared elsewhere: the
 * callers read declarations only for roots their file does not narrow (see
 * compute and isFixedName).
 */
export function declaredCalleeType(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression, results: boolean): TS.Type | undefined {
  const type = declaredType(ts, checker, callee, results);
  if (!type) return undefined;
  const defined = nonNullable(ts, checker, type);
  return isDecided(ts, defined) ? defined : undefined;
}

/** A type whose members narrowing cannot choose among (not a union), and that says something (not any, unknown or never). */
function isDecided(ts: TypeScript, type: TS.Type): boolean {
  return (type.flags & (ts.TypeFlags.Union | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) === 0;
}

/** declaredCalleeType before null and undefined are taken out; a chain on a call is read only with `results` (see declaredResult). */
function declaredType(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression, results: boolean): TS.Type | undefined {
  const K = ts.SyntaxKind;
  const { base, names } = memberChain(ts, callee);
  let type: TS.Type | undefined;
  if (base.kind === K.ThisKeyword) type = checker.getTypeAtLocation(base);
  else if (base.kind === K.Identifier) {
    const symbol = symbolAt(checker, ts, base);
    if (!symbol) return undefined;
    type = checker.getTypeOfSymbol(symbol);
  } else if (results && isCall(ts, base)) type = declaredResult(ts, checker, base);
  return type && memberTypes(ts, checker, type, names);
}

/** The type of member `names` (last first) of what `type` holds, each step as declared (see decidedMember). */
function memberTypes(ts: TypeScript, checker: TS.TypeChecker, type: TS.Type, names: readonly TS.MemberName[]): TS.Type | undefined {
  let t: TS.Type | undefined = type;
  for (let i = names.length - 1; t !== undefined && i >= 0; i--) {
    const property = decidedMember(ts, checker, t, names[i] as TS.MemberName);
    t = property ? checker.getTypeOfSymbol(property) : undefined;
  }
  return t;
}

function isCall(ts: TypeScript, e: TS.Expression): e is TS.CallExpression | TS.NewExpression {
  return e.kind === ts.SyntaxKind.CallExpression || e.kind === ts.SyntaxKind.NewExpression;
}

/** How many calls deep a chain (`a.b().c().d()`) is read from declarations at once; a deeper one is left to the checker. */
const CALL_DEPTH = 16;
let callDepth = 0;
/** How many times a chain was cut at CALL_DEPTH: a result found under a cut is not remembered. */
let cuts = 0;
const resultsByChecker = new WeakMap<TS.TypeChecker, WeakMap<TS.Node, TS.Type | null>>();

/**
 * The type a call gives, read from declarations: when its callee is a fixed
 * name (see isFixedName) whose type has one signature of the call's kind,
 * not generic, the call resolves to that signature and gives its result
 * (`self.io.access(dev)` gives the `Bar` that `Devres<Bar>` declares). A
 * call's result is no reference, so nothing narrows it or a member chain on
 * it, and `a.b().c()` is read like `x.c()`. Undefined when only resolving
 * tells. Remembered per call: each step of a chain asks for the one before
 * it twice (for isFixedName and for its type).
 */
function declaredResult(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): TS.Type | undefined {
  const known = answersFor(resultsByChecker, checker);
  const remembered = known.get(call);
  if (remembered !== undefined) return remembered ?? undefined;
  if (callDepth >= CALL_DEPTH) {
    cuts++;
    return undefined;
  }
  const cutsBefore = cuts;
  callDepth++;
  let result: TS.Type | undefined;
  try {
    result = computeResult(ts, checker, call);
  } finally {
    callDepth--;
  }
  if (cuts === cutsBefore) known.set(call, result ?? null);
  return result;
}

function computeResult(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): TS.Type | undefined {
  if (call.typeArguments !== undefined || !isFixedName(ts, checker, call.expression)) return undefined;
  const type = declaredCalleeType(ts, checker, call.expression, true);
  const signatures = call.kind === ts.SyntaxKind.NewExpression ? type?.getConstructSignatures() : type?.getCallSignatures();
  const sole = signatures?.length === 1 ? signatures[0] : undefined;
  if (!sole || sole.getTypeParameters()?.length) return undefined;
  // `this` or a type parameter stands for a type the receiver picks: its constraint may lack a subclass's override.
  const result = sole.getReturnType();
  return result.flags & ts.TypeFlags.Instantiable ? undefined : result;
}

/**
 * The member `name` of what `type` holds when it is not null: undefined when
 * narrowing could choose among several (see isDecided), and for a type with
 * neither a member nor a call signature of its own (`{}`, `object`):
 * comparing it with any value, a literal included, makes it that value's
 * type, whose members are others.
 */
function decidedMember(ts: TypeScript, checker: TS.TypeChecker, type: TS.Type, name: TS.MemberName): TS.Symbol | undefined {
  const apparent = checker.getApparentType(nonNullable(ts, checker, type));
  const own = checker.getPropertiesOfType(apparent).length > 0 || apparent.getCallSignatures().length > 0;
  return isDecided(ts, apparent) && own ? memberOf(ts, checker, apparent, name) : undefined;
}

/** `base` of `base.a.b.#f`, without collecting the names (see memberChain). */
function memberBase(ts: TypeScript, callee: TS.Expression): TS.Expression {
  let base = callee;
  while (base.kind === ts.SyntaxKind.PropertyAccessExpression) base = (base as TS.PropertyAccessExpression).expression;
  return base;
}

/**
 * `base.a.b.#f` as its base and the member names, last first, taken apart
 * without recursion (the chain's length comes from the input).
 */
function memberChain(ts: TypeScript, callee: TS.Expression): { readonly base: TS.Expression; readonly names: readonly TS.MemberName[] } {
  const names: TS.MemberName[] = [];
  let base: TS.Expression = callee;
  while (base.kind === ts.SyntaxKind.PropertyAccessExpression) {
    const access = base as TS.PropertyAccessExpression;
    names.push(access.name);
    base = access.expression;
  }
  return { base, names };
}

/**
 * The member `name` of `type`. A `#private` name is not looked up by its
 * text: it means the member of the class around it, so its symbol is
 * resolved there, and taken from `type` (for the type's own instance of it).
 */
function memberOf(ts: TypeScript, checker: TS.TypeChecker, type: TS.Type, name: TS.MemberName): TS.Symbol | undefined {
  if (name.kind === ts.SyntaxKind.Identifier) return checker.getPropertyOfType(type, name.text);
  const own = checker.getSymbolAtLocation(name);
  return own && checker.getPropertiesOfType(type).find((p) => p.escapedName === own.escapedName);
}

/**
 * Narrowing applies to references whose symbol is a variable, parameter,
 * property or accessor; a function, class, enum, namespace or method is
 * always what it was declared as. A reference of the first kind keeps its
 * declared type too, less null and undefined, when that type is no union
 * (narrowing picks among a union's members) and its file narrows no
 * reference from the same root name (see narrowing.ts). So a name, or a
 * chain of member names, each of whose symbols is of the second kind or so
 * kept has its declared type wherever it is used (`pci.driver`,
 * `dev.info`, `this.regs.write`). `this` is typed as it stands (narrowing
 * included). A chain on a call whose result is known from declarations
 * (`self.io.access(dev).write32`, see declaredResult) is no reference, and
 * nothing narrows it.
 */
export function isFixedName(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  const F = ts.SymbolFlags;
  const narrowable = F.Variable | F.Property | F.Accessor;
  const { base, names } = memberChain(ts, callee);
  let kept: boolean | undefined;
  const keepsDeclaredType = (): boolean => (kept ??= !narrowedIn(ts, checker, callee.getSourceFile()).has(rootKey(ts, base)));
  let symbol: TS.Symbol | undefined;
  let i = names.length - 1;
  if (base.kind === K.ThisKeyword) {
    if (i < 0) return false;
    const property = decidedMember(ts, checker, checker.getTypeAtLocation(base), names[i--] as TS.MemberName);
    symbol = property && resolve(checker, ts, property);
  } else if (base.kind === K.Identifier) symbol = symbolAt(checker, ts, base);
  else if (isCall(ts, base)) {
    const result = declaredResult(ts, checker, base);
    return result !== undefined && memberTypes(ts, checker, result, names) !== undefined;
  }
  for (; symbol !== undefined; i--) {
    const flags = symbol.flags;
    let property: TS.Symbol | undefined;
    if (flags & narrowable) {
      if (!keepsDeclaredType()) return false;
      if (i < 0) return true;
      property = decidedMember(ts, checker, checker.getTypeOfSymbol(symbol), names[i] as TS.MemberName);
    } else {
      if (!(flags & (F.Function | F.Class | F.Enum | F.Module | F.Method))) return false;
      if (i < 0) return true;
      property = memberOf(ts, checker, checker.getTypeOfSymbol(symbol), names[i] as TS.MemberName);
    }
    symbol = property && resolve(checker, ts, property);
  }
  return false;
}
