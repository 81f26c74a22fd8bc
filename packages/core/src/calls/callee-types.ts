// What a call can run, read from its callee's type instead of resolving it.
// Resolving a call picks an overload, infers type arguments and checks every
// argument: several times the cost of typing the callee alone, and once most
// of what drvlint asked of the checker (docs/performance.md has the
// figures). The resolved signature is always one
// of the callee type's signatures (or an instance of one), so when none of
// them could give the answer a question looks for, the call need not be
// resolved at all; only the calls that could are.
import { resolve, symbolAt } from '../model/kernel-model.js';
import { narrowedRoots } from './narrowing.js';
import { mentions } from './self-type.js';
import { type FunctionNode, isFunctionNode, nonNullable } from '../syntax/syntax.js';
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
    let known = byChecker.get(checker);
    if (!known) byChecker.set(checker, (known = new WeakMap()));
    lastKnown = known;
  }
  const known = lastKnown as WeakMap<TS.Node, readonly TS.Signature[] | null>;
  let found = known.get(call);
  if (found === undefined) known.set(call, (found = compute(ts, checker, call) ?? null));
  return found ?? undefined;
}

const byChecker = new WeakMap<TS.TypeChecker, WeakMap<TS.Node, readonly TS.Signature[] | null>>();
let lastChecker: TS.TypeChecker | undefined;
let lastKnown: WeakMap<TS.Node, readonly TS.Signature[] | null> | undefined;

function compute(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): readonly TS.Signature[] | undefined {
  const K = ts.SyntaxKind;
  const callee = call.expression.kind;
  if (callee === K.SuperKeyword || callee === K.ImportKeyword) return undefined;
  const type = declaredCalleeType(ts, checker, call.expression) ?? nonNullable(ts, checker, checker.getTypeAtLocation(call.expression));
  const signatures = call.kind === K.NewExpression ? type.getConstructSignatures() : type.getCallSignatures();
  if (signatures.length === 0 || signatures.some((s) => s.getDeclaration() === undefined)) return undefined;
  return signatures;
}

/**
 * The type of a callee `f` or `a.b.f` from the declared types of the names in
 * it, without flow analysis: typing the expression re-runs narrowing for each
 * reference, and a call that is resolved later types its callee again, so
 * most callees were typed twice. Narrowing a union picks among its members,
 * so a union gives undefined, as does a declared type that says nothing (no
 * name, `any`), and the caller types the expression as before. Narrowing an
 * object type by `instanceof` or a type predicate can give a subtype whose
 * member is declared elsewhere; those signatures are not among these (see the
 * no-escape test of a work queue narrowed from an interface).
 */
function declaredCalleeType(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression): TS.Type | undefined {
  const type = declaredType(ts, checker, callee);
  if (!type) return undefined;
  const defined = nonNullable(ts, checker, type);
  return isDecided(ts, defined) ? defined : undefined;
}

/** A type whose members narrowing cannot choose among (not a union), and that says something (not any, unknown or never). */
function isDecided(ts: TypeScript, type: TS.Type): boolean {
  return (type.flags & (ts.TypeFlags.Union | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) === 0;
}

function declaredType(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression): TS.Type | undefined {
  const K = ts.SyntaxKind;
  const { base, names } = memberChain(ts, callee);
  let type: TS.Type | undefined;
  if (base.kind === K.ThisKeyword) type = checker.getTypeAtLocation(base);
  else if (base.kind === K.Identifier) {
    const symbol = symbolAt(checker, ts, base);
    if (!symbol) return undefined;
    type = checker.getTypeOfSymbol(symbol);
  }
  for (let i = names.length - 1; type !== undefined && i >= 0; i--) {
    const property = decidedMember(ts, checker, type, names[i] as TS.MemberName);
    type = property ? checker.getTypeOfSymbol(property) : undefined;
  }
  return type;
}

/** The member `name` of what `type` holds when it is not null: undefined when narrowing could choose among several (see isDecided). */
function decidedMember(ts: TypeScript, checker: TS.TypeChecker, type: TS.Type, name: TS.MemberName): TS.Symbol | undefined {
  const apparent = checker.getApparentType(nonNullable(ts, checker, type));
  return isDecided(ts, apparent) ? memberOf(ts, checker, apparent, name) : undefined;
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
 * The declaration `call` resolves to, known without resolving it: when its
 * callee names a function, class or method that flow analysis never narrows
 * (`f`, `pci.driver`, `pci.DeviceId.fromId`, `this.reset`) and whose type has exactly one
 * signature of the call's kind, the resolved signature is that one or an
 * instance of it. Undefined when only resolving tells.
 */
export function soleDeclaration(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
): TS.SignatureDeclaration | undefined {
  if (!isFixedName(ts, checker, call.expression)) return undefined;
  const signatures = possibleSignatures(ts, checker, call);
  return signatures?.length === 1 ? signatures[0]?.getDeclaration() : undefined;
}

/**
 * The body every signature `call` may resolve to runs, when its callee is a
 * fixed name (see soleDeclaration) and all of them are one function's
 * overloads (`format(v)` and `format(v, width)`): an overload signature has
 * no body, and whichever one a call picks runs the implementation. Null when
 * they run no body in the program's source (all declared only), undefined
 * when only resolving tells.
 */
export function soleImplementation(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
): FunctionNode | null | undefined {
  if (!isFixedName(ts, checker, call.expression)) return undefined;
  let found: FunctionNode | null | undefined;
  for (const s of possibleSignatures(ts, checker, call) ?? []) {
    const decl = s.getDeclaration();
    const impl = implementationOf(ts, checker, decl) ?? null;
    if (found !== undefined && impl !== found) return undefined;
    found = impl;
  }
  return found;
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
 * included).
 */
function isFixedName(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  const F = ts.SymbolFlags;
  const narrowable = F.Variable | F.Property | F.Accessor;
  const { base, names } = memberChain(ts, callee);
  let kept: boolean | undefined;
  const keepsDeclaredType = (): boolean =>
    (kept ??= !narrowedRoots(ts, checker, callee.getSourceFile(), (c) => possibleSignatures(ts, checker, c)).has(
      base.kind === K.ThisKeyword ? 'this' : (base as TS.Identifier).text,
    ));
  let symbol: TS.Symbol | undefined;
  let i = names.length - 1;
  if (base.kind === K.ThisKeyword) {
    if (i < 0) return false;
    const property = decidedMember(ts, checker, checker.getTypeAtLocation(base), names[i--] as TS.MemberName);
    symbol = property && resolve(checker, ts, property);
  } else if (base.kind === K.Identifier) symbol = symbolAt(checker, ts, base);
  for (; symbol !== undefined; i--) {
    const flags = symbol.flags;
    let property: TS.Symbol | undefined;
    if (flags & narrowable) {
      if (!keepsDeclaredType()) return false;
      if (i < 0) return true;
      // `{}` and `object` declare no member of their own: comparing with a value makes them that value's type.
      const apparent = checker.getApparentType(nonNullable(ts, checker, checker.getTypeOfSymbol(symbol)));
      if (!isDecided(ts, apparent) || checker.getPropertiesOfType(apparent).length === 0) return false;
      property = memberOf(ts, checker, apparent, names[i] as TS.MemberName);
    } else {
      if (!(flags & (F.Function | F.Class | F.Enum | F.Module | F.Method))) return false;
      if (i < 0) return true;
      property = memberOf(ts, checker, checker.getTypeOfSymbol(symbol), names[i] as TS.MemberName);
    }
    symbol = property && resolve(checker, ts, property);
  }
  return false;
}

/**
 * Whether `call` may resolve to a declaration `wanted` accepts: false only
 * when no possible signature's declaration is accepted, so that a caller can
 * skip resolving it and miss nothing.
 */
export function mayRun(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
  wanted: (d: TS.SignatureDeclaration) => boolean,
): boolean {
  const signatures = possibleSignatures(ts, checker, call);
  if (signatures) return signatures.some((s) => wanted(s.getDeclaration()));
  return !constructsUndeclared(ts, checker, call);
}

/**
 * Whether `call` is `new C(…)` of a class, named as it was declared (see
 * isFixedName), with no constructor written anywhere in its chain
 * (`class Stats { n = 0 }`): every construct signature of its type is the
 * implicit one, which has no declaration, and the call resolves to one of
 * them, so to no declaration.
 */
function constructsUndeclared(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): boolean {
  if (call.kind !== ts.SyntaxKind.NewExpression || !isFixedName(ts, checker, call.expression)) return false;
  const signatures = declaredCalleeType(ts, checker, call.expression)?.getConstructSignatures() ?? [];
  return signatures.length > 0 && signatures.every((s) => s.getDeclaration() === undefined);
}

/**
 * Whether a call that can resolve to one of `signatures` may give a value
 * `fits` accepts: false, without resolving the call, only when every one is
 * non-generic and declares a result that is no type parameter, `any` or
 * `unknown` and that `fits` refuses; the resolved result is then one of
 * those. True when the signatures are not known.
 */
export function mayGive(ts: TypeScript, signatures: readonly TS.Signature[] | undefined, fits: (result: TS.Type) => boolean): boolean {
  if (!signatures) return true;
  const open = ts.TypeFlags.Instantiable | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  return signatures.some((s) => {
    if ((s.getTypeParameters()?.length ?? 0) > 0) return true; // the instance, picked by resolving, decides
    const result = s.getReturnType();
    return (result.flags & open) !== 0 || fits(result);
  });
}

/**
 * The body that runs when `decl` is called: its own, or for an overload
 * signature (which has none) the implementation's, which runs whichever
 * overload a call picks. Undefined for a declaration with no body anywhere.
 */
export function implementationOf(ts: TypeScript, checker: TS.TypeChecker, decl: TS.Declaration): FunctionNode | undefined {
  if (!isFunctionNode(ts, decl)) return undefined;
  if (decl.body) return decl;
  const siblings = ts.isConstructorDeclaration(decl)
    ? decl.parent.members
    : decl.name
      ? checker.getSymbolAtLocation(decl.name)?.declarations
      : undefined;
  return siblings?.find((d): d is FunctionNode => isFunctionNode(ts, d) && d.kind === decl.kind && d.body !== undefined);
}

const passedThroughBySignature = new WeakMap<TS.Signature, number | null>();

/**
 * The parameter a generic signature gives back (`requireTeardown(value, m)`):
 * its result is its own type parameter `T`, which exactly one parameter is
 * declared as (`value: T`) and nothing else mentions. Called without type
 * arguments, inference makes `T` the type of that argument (an argument's
 * inference wins over a contextual return type's), so the call's type is
 * that argument's, known without resolving the call. Undefined for any
 * other signature.
 */
export function passedThrough(ts: TypeScript, checker: TS.TypeChecker, s: TS.Signature): number | undefined {
  let k = passedThroughBySignature.get(s);
  if (k === undefined) {
    k = null;
    const result = s.getReturnType();
    if (
      result.flags & ts.TypeFlags.TypeParameter &&
      s.getTypeParameters()?.includes(result) &&
      !(s.thisParameter && mentions(ts, checker, checker.getTypeOfSymbol(s.thisParameter), result, 0))
    ) {
      for (const [i, p] of s.parameters.entries()) {
        const decl = p.valueDeclaration;
        const type = checker.getTypeOfSymbol(p);
        if (
          type === result &&
          k === null &&
          decl &&
          ts.isParameter(decl) &&
          !decl.dotDotDotToken &&
          !decl.questionToken &&
          !decl.initializer
        )
          k = i;
        else if (mentions(ts, checker, type, result, 0)) {
          k = null;
          break;
        }
      }
    }
    passedThroughBySignature.set(s, k);
  }
  return k ?? undefined;
}

/**
 * The argument `call` gives back as its result, typed as it stands: for a
 * call without type arguments of a callee with one signature that passes an
 * argument through (see passedThrough); undefined otherwise, or when a spread
 * comes first and the argument cannot be placed.
 */
export function givenBack(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): TS.Expression | undefined {
  if (call.kind !== ts.SyntaxKind.CallExpression || call.typeArguments !== undefined) return undefined;
  const signatures = possibleSignatures(ts, checker, call);
  const k = signatures?.length === 1 ? passedThrough(ts, checker, signatures[0] as TS.Signature) : undefined;
  const args = call.arguments ?? [];
  if (k === undefined || k >= args.length || args.slice(0, k + 1).some((a) => ts.isSpreadElement(a))) return undefined;
  return args[k];
}

/**
 * The type `call` gives. A call that gives back an argument (see givenBack)
 * that is `this`, a name or a chain of member names gives that argument's
 * type as it stands there, known without resolving the call with inference
 * (`requireTeardown(this, 'stop')` is `this`); any other call is resolved.
 */
export function typeOfCall(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): TS.Type {
  const arg = givenBack(ts, checker, call);
  return checker.getTypeAtLocation(arg && isPlainReference(ts, arg) ? arg : call);
}

/** `this`, a name or a chain of member names: typed where it stands, whatever parameter it is given to. */
function isPlainReference(ts: TypeScript, e: TS.Expression): boolean {
  let x = e;
  while (ts.isPropertyAccessExpression(x)) x = x.expression;
  return ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword;
}
