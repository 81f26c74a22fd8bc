// What a call can run, read from its callee's type instead of resolving it.
// Resolving a call picks an overload, infers type arguments and checks every
// argument: several times the cost of typing the callee alone, and once most
// of what drvlint asked of the checker (docs/performance.md has the
// figures). The resolved signature is always one
// of the callee type's signatures (or an instance of one), so when none of
// them could give the answer a question looks for, the call need not be
// resolved at all; only the calls that could are.
import { declaredCalleeType, isFixedName, possibleSignatures } from './possible-signatures.js';
import { mentions } from './self-type.js';
import { type FunctionNode, isFunctionNode } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

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
  const signatures = declaredCalleeType(ts, checker, call.expression, true)?.getConstructSignatures() ?? [];
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
