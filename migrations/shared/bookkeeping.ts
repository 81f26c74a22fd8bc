// What a legacy module's `init` and `exit` may hold for `registration` to
// replace them with a static `module({ drivers })`: registration bookkeeping
// and nothing else. That is: `Registration.new(X)` kept in a local or a
// module-level `let`, `register(m)` calls, returning the registrations as
// module state (one, an array or an object of them), and in exit
// `unregister()` or `[Symbol.dispose]()` on a registration, `isRegistered`
// checks around them, and clearing the module-level variable. Anything else
// is real module state, which a static module cannot hold: a person decides.
import { type AnalysisView, type TS, skipOuter } from '@drvlint/core';
import { isLegacyNamed, isLegacyType } from './legacy.js';
import type { TransformContext } from './transform.js';

export interface Bookkeeping {
  /** The classes init registers, in registration order, each with the statement that registers it. */
  readonly order: readonly (readonly [TS.ClassLikeDeclaration, TS.Node])[];
  /** Module-level variables that hold registrations, assigned in init (their declarations go too). */
  readonly moduleVariables: ReadonlySet<TS.Symbol>;
}

/** init's registrations; undefined (and reported) when init does anything else. */
export function initBookkeeping(cx: TransformContext, init: TS.FunctionLikeDeclaration): Bookkeeping | undefined {
  const { analysis } = cx;
  const { ts, checker } = analysis;
  const vars = new Map<TS.Symbol, TS.ClassLikeDeclaration>();
  const moduleVariables = new Set<TS.Symbol>();
  const order: [TS.ClassLikeDeclaration, TS.Node][] = [];
  const classOf = (newCall: TS.Expression): TS.ClassLikeDeclaration | undefined => {
    const c = skipOuter(ts, newCall);
    if (
      !ts.isCallExpression(c) ||
      !ts.isPropertyAccessExpression(c.expression) ||
      c.expression.name.text !== 'new' ||
      !isLegacyNamed(analysis, c.expression.expression, 'Registration')
    )
      return undefined;
    return analysis.drivers.descriptors.find((d) => d.call === c)?.classDriver;
  };
  const registered = (e: TS.Expression): TS.ClassLikeDeclaration | undefined => {
    const x = skipOuter(ts, e);
    if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression) || x.expression.name.text !== 'register') return undefined;
    const target = skipOuter(ts, x.expression.expression);
    if (ts.isIdentifier(target)) {
      const s = checker.getSymbolAtLocation(target);
      return s ? vars.get(s) : undefined;
    }
    return classOf(target);
  };
  const body = init.body as TS.ConciseBody;
  // `init: (m) => Registration.new(X).register(m)` is one statement.
  const statements: readonly (TS.Statement | TS.Expression)[] = ts.isBlock(body) ? body.statements : [body];
  // `const regs = [Registration.new(A), Registration.new(B)]`, registered by `for (const r of regs) r.register(m)`.
  const arrays = new Map<TS.Symbol, TS.ClassLikeDeclaration[]>();
  const arrayOf = (e: TS.Expression): TS.ClassLikeDeclaration[] | undefined => {
    const x = skipOuter(ts, e);
    if (!ts.isArrayLiteralExpression(x) || x.elements.length === 0) return undefined;
    const classes = x.elements.map((el) => classOf(el));
    return classes.every((c) => c !== undefined) ? classes : undefined;
  };
  const loopRegisters = (s: TS.Node): TS.ClassLikeDeclaration[] | undefined => {
    if (!ts.isForOfStatement(s) || !ts.isVariableDeclarationList(s.initializer)) return undefined;
    const v = s.initializer.declarations[0];
    const over = ts.isIdentifier(skipOuter(ts, s.expression)) ? checker.getSymbolAtLocation(skipOuter(ts, s.expression)) : undefined;
    const classes = over && arrays.get(over);
    if (!v || s.initializer.declarations.length !== 1 || !ts.isIdentifier(v.name) || !classes) return undefined;
    const body = ts.isBlock(s.statement) && s.statement.statements.length === 1 ? s.statement.statements[0] : s.statement;
    const call = body && ts.isExpressionStatement(body) ? skipOuter(ts, body.expression) : undefined;
    const target = call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) ? call.expression : undefined;
    const loopVar = checker.getSymbolAtLocation(v.name);
    return target?.name.text === 'register' &&
      ts.isIdentifier(target.expression) &&
      checker.getSymbolAtLocation(target.expression) === loopVar
      ? classes
      : undefined;
  };
  for (const s of statements) {
    const expression = ts.isExpressionStatement(s) ? s.expression : ts.isExpression(s) ? s : undefined;
    const decls = ts.isVariableStatement(s) ? s.declarationList.declarations : [];
    if (decls.length === 1 && ts.isIdentifier((decls[0] as TS.VariableDeclaration).name)) {
      const d = decls[0] as TS.VariableDeclaration;
      const classes = d.initializer && arrayOf(d.initializer);
      const sym = checker.getSymbolAtLocation(d.name);
      if (classes && sym) {
        arrays.set(sym, classes);
        continue;
      }
    }
    const looped = loopRegisters(s);
    if (looped) {
      for (const c of looped) order.push([c, s]);
      continue;
    }
    if (
      ts.isVariableStatement(s) &&
      s.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && d.initializer && classOf(d.initializer))
    ) {
      for (const d of s.declarationList.declarations) {
        const sym = checker.getSymbolAtLocation(d.name);
        if (sym) vars.set(sym, classOf(d.initializer as TS.Expression) as TS.ClassLikeDeclaration);
      }
      continue;
    }
    const assigned = expression && moduleAssignment(analysis, expression);
    const cls = assigned && classOf(assigned.value);
    if (assigned && cls) {
      vars.set(assigned.variable, cls);
      moduleVariables.add(assigned.variable);
      continue;
    }
    const reg = expression && registered(expression);
    if (reg) {
      order.push([reg, s]);
      continue;
    }
    if (
      ts.isReturnStatement(s) &&
      (!s.expression || onlyRegistrations(ts, checker, s.expression, new Set([...vars.keys(), ...arrays.keys()])))
    )
      continue;
    cx.leave(
      s,
      'init does more than register drivers: it keeps module state, which a static module({ drivers }) cannot; migrate it by hand',
    );
    return undefined;
  }
  if (order.length === 0) {
    cx.leave(init, 'init registers no driver');
    return undefined;
  }
  return { order, moduleVariables };
}

/** `v = e` with `v` a variable declared with `let` or `var` at the top of the file. */
function moduleAssignment(analysis: AnalysisView, e: TS.Expression): { variable: TS.Symbol; value: TS.Expression } | undefined {
  const { ts, checker } = analysis;
  const x = skipOuter(ts, e);
  if (!ts.isBinaryExpression(x) || x.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = skipOuter(ts, x.left);
  const variable = ts.isIdentifier(target) ? checker.getSymbolAtLocation(target) : undefined;
  const decl = variable?.valueDeclaration;
  if (!variable || !decl || !ts.isVariableDeclaration(decl) || !ts.isVariableStatement(decl.parent.parent)) return undefined;
  if (!ts.isSourceFile(decl.parent.parent.parent)) return undefined;
  return { variable, value: x.right };
}

function onlyRegistrations(ts: AnalysisView['ts'], checker: TS.TypeChecker, e: TS.Expression, vars: ReadonlySet<TS.Symbol>): boolean {
  const x = skipOuter(ts, e);
  if (ts.isIdentifier(x)) return vars.has(checker.getSymbolAtLocation(x) as TS.Symbol);
  if (ts.isArrayLiteralExpression(x)) return x.elements.every((el) => onlyRegistrations(ts, checker, el, vars));
  if (ts.isObjectLiteralExpression(x))
    return x.properties.every((p) =>
      ts.isShorthandPropertyAssignment(p)
        ? vars.has(checker.getShorthandAssignmentValueSymbol(p) as TS.Symbol)
        : ts.isPropertyAssignment(p) && onlyRegistrations(ts, checker, p.initializer, vars),
    );
  return false;
}

/**
 * Whether an exit statement is bookkeeping the static module makes needless:
 * `r.unregister()`, `r?.[Symbol.dispose]()`, on a legacy Registration, in
 * `if (r.isRegistered)`, or `reg = undefined` for a module-level registration
 * variable.
 */
export function isUnregistration(analysis: AnalysisView, s: TS.Statement, moduleVariables: ReadonlySet<TS.Symbol>): boolean {
  const { ts } = analysis;
  if (ts.isBlock(s)) return s.statements.every((b) => isUnregistration(analysis, b, moduleVariables));
  // `for (const r of regs) r.unregister();`: the loop variable is a Registration.
  if (ts.isForOfStatement(s)) return isUnregistration(analysis, s.statement, moduleVariables);
  if (ts.isIfStatement(s)) {
    const c = skipOuter(ts, s.expression);
    const checks = ts.isPropertyAccessExpression(c) && c.name.text === 'isRegistered' && isRegistration(analysis, c.expression);
    return checks && !s.elseStatement && isUnregistration(analysis, s.thenStatement, moduleVariables);
  }
  return ts.isExpressionStatement(s) && isUnregistrationExpression(analysis, s.expression, moduleVariables);
}

/** The expression of such a statement (or of `exit: (r) => r.unregister()`). */
export function isUnregistrationExpression(
  analysis: AnalysisView,
  expression: TS.Expression,
  moduleVariables: ReadonlySet<TS.Symbol>,
): boolean {
  const { ts, checker } = analysis;
  const e = skipOuter(ts, expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuter(ts, e.left);
    const v = skipOuter(ts, e.right);
    const cleared = v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === 'undefined') || ts.isVoidExpression(v);
    return cleared && ts.isIdentifier(target) && moduleVariables.has(checker.getSymbolAtLocation(target) as TS.Symbol);
  }
  if (!ts.isCallExpression(e) || e.arguments.length > 0) return false;
  const callee = skipOuter(ts, e.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 'unregister' && isRegistration(analysis, callee.expression);
  return (
    ts.isElementAccessExpression(callee) &&
    callee.argumentExpression.getText() === 'Symbol.dispose' &&
    isRegistration(analysis, callee.expression)
  );
}

/** Whether `e` is a legacy Registration (or one that may be undefined). */
function isRegistration(analysis: AnalysisView, e: TS.Expression): boolean {
  const { checker } = analysis;
  return isLegacyType(analysis, checker.getNonNullableType(checker.getTypeAtLocation(e)), 'Registration');
}
