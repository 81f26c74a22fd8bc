// A callback handed over through a transparent wrapper: `probe: logged(realProbe)`,
// where `logged(f)` returns a function that calls `f` with its own arguments,
// as they came. The driver core then runs `realProbe` as the probe, with the
// same device, so it is analysed as the probe. Recognised by the wrapper's
// shape (what it returns, what that calls, with what), never by its name; a
// wrapper of any other shape leaves the callback unread.
import { symbolAt } from '../model/kernel-model.js';
import { type FunctionNode, isFunctionNode, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

/**
 * The function `e` hands over through a transparent wrapper call, found with
 * `resolve` (a function literal or a name bound to one); undefined for any
 * other expression or wrapper.
 */
export function wrappedCallback(
  ts: TypeScript,
  checker: TS.TypeChecker,
  e: TS.Expression,
  resolve: (arg: TS.Expression) => FunctionNode | undefined,
): FunctionNode | undefined {
  const call = skipOuter(ts, e);
  if (!ts.isCallExpression(call)) return undefined;
  const wrapper = wrapperOf(ts, checker, call.expression);
  const returned = wrapper && returnedFunction(ts, wrapper);
  const k = wrapper && returned ? forwardedParameter(ts, checker, wrapper, returned) : undefined;
  const arg = k === undefined ? undefined : call.arguments[k];
  return arg && !ts.isSpreadElement(arg) ? resolve(arg) : undefined;
}

/** The function a callee names, with a body: a declaration, or a `const` bound to a function literal. */
function wrapperOf(ts: TypeScript, checker: TS.TypeChecker, callee: TS.Expression): FunctionNode | undefined {
  const x = skipOuter(ts, callee);
  if (!ts.isIdentifier(x) && !ts.isPropertyAccessExpression(x)) return undefined;
  const decl = symbolAt(checker, ts, x)?.valueDeclaration;
  if (!decl) return undefined;
  if (isFunctionNode(ts, decl)) return decl.body ? decl : undefined;
  if (
    ts.isVariableDeclaration(decl) &&
    decl.initializer &&
    ts.isVariableDeclarationList(decl.parent) &&
    decl.parent.flags & ts.NodeFlags.Const
  ) {
    const init = skipOuter(ts, decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** The function literal `fn` returns on every return it has (one), or as its expression body. */
function returnedFunction(ts: TypeScript, fn: FunctionNode): TS.ArrowFunction | TS.FunctionExpression | undefined {
  const body = fn.body;
  if (!body) return undefined;
  let returned: TS.Expression | undefined;
  if (!ts.isBlock(body)) returned = body;
  else {
    const returns: TS.ReturnStatement[] = [];
    const visit = (n: TS.Node): void => {
      if (ts.isReturnStatement(n)) returns.push(n);
      else if (!isFunctionNode(ts, n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
    if (returns.length !== 1) return undefined;
    returned = returns[0]?.expression;
  }
  const x = returned && skipOuter(ts, returned);
  return x && (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) ? x : undefined;
}

/**
 * Which of `wrapper`'s parameters `inner` calls, not from a nested function,
 * with its own parameters forwarded in order (`f(a, b)`, or `f(...args)` for a
 * rest parameter); undefined when none, or more than one, is.
 */
function forwardedParameter(
  ts: TypeScript,
  checker: TS.TypeChecker,
  wrapper: FunctionNode,
  inner: TS.ArrowFunction | TS.FunctionExpression,
): number | undefined {
  const own = (id: TS.Expression, params: readonly TS.ParameterDeclaration[]): number => {
    const x = skipOuter(ts, id);
    const decl = ts.isIdentifier(x) ? checker.getSymbolAtLocation(x)?.valueDeclaration : undefined;
    return decl && ts.isParameter(decl) ? params.indexOf(decl) : -1;
  };
  const forwards = (args: readonly TS.Expression[]): boolean => {
    const ps = inner.parameters;
    const rest = ps.length === 1 && ps[0]?.dotDotDotToken !== undefined;
    if (rest)
      return args.length === 1 && ts.isSpreadElement(args[0] as TS.Expression) && own((args[0] as TS.SpreadElement).expression, ps) === 0;
    return args.length === ps.length && args.every((a, i) => !ts.isSpreadElement(a) && own(a, ps) === i);
  };
  const found = new Set<number>();
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n)) {
      const k = own(n.expression, wrapper.parameters);
      if (k >= 0 && forwards(n.arguments)) found.add(k);
    }
    if (!isFunctionNode(ts, n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
  };
  visit(inner.body);
  return found.size === 1 ? [...found][0] : undefined;
}
