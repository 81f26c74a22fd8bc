// Calls through an ops table: `const ops: ChannelOps = { configure() {…} }`
// and then `ops.configure(io)`, C's `static const struct …_ops`. The checker
// resolves such a call to what the const's declared type says, an
// interface's signature with no body, so the call looked like a hand-off to
// code drvlint cannot see. The literal says which body runs: the last member
// of that name, its own or one a spread of another such literal brings, as
// long as nothing writes through the table (see Phases.#writtenTables).
import { symbolAt } from '../model/kernel-model.js';
import { type FunctionNode, isFunctionNode, propertyName, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

/** How deep spreads of one literal into another (`{ ...plainOps, … }`) are followed. */
const MAX_SPREADS = 8;

/**
 * The function `call` runs when it calls a member of a `const` bound to an
 * object literal, and that member is a function with a body. Undefined when
 * the literal does not tell: a member it may not have, a getter, a computed
 * name, a spread of something else; or when its members may change, which
 * `mayChange` tells for the const's symbol (`ops.configure = other`,
 * `Object.assign(ops, …)`, in any file).
 */
export function literalMember(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
  mayChange: (table: TS.Symbol) => boolean,
): FunctionNode | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callee = skipOuter(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const base = skipOuter(ts, callee.expression);
  return ts.isIdentifier(base) ? memberOf(ts, checker, base, callee.name.text, mayChange, 0) : undefined;
}

/** The function member `name` of the literal `table` is bound to. */
function memberOf(
  ts: TypeScript,
  checker: TS.TypeChecker,
  table: TS.Identifier,
  name: string,
  mayChange: (table: TS.Symbol) => boolean,
  depth: number,
): FunctionNode | undefined {
  const symbol = symbolAt(checker, ts, table);
  const literal = symbol && literalOf(ts, symbol);
  if (!symbol || !literal || mayChange(symbol)) return undefined;
  // The last definition of the name wins: read back to front.
  for (let i = literal.properties.length - 1; i >= 0; i--) {
    const p = literal.properties[i] as TS.ObjectLiteralElementLike;
    if (ts.isSpreadAssignment(p)) {
      const spread = skipOuter(ts, p.expression);
      if (depth >= MAX_SPREADS || !ts.isIdentifier(spread)) return undefined;
      const from = symbolAt(checker, ts, spread);
      const inner = from && literalOf(ts, from);
      if (!inner) return undefined;
      if (!inner.properties.some((q) => propertyName(ts, q.name) === name) && !hasSpread(ts, inner)) continue;
      return memberOf(ts, checker, spread, name, mayChange, depth + 1);
    }
    if (!p.name) return undefined;
    const text = propertyName(ts, p.name);
    if (text === undefined) return undefined; // a computed name may be this one
    if (text !== name) continue;
    if (ts.isMethodDeclaration(p)) return p.body ? p : undefined;
    if (ts.isPropertyAssignment(p)) return functionValue(ts, checker, p.initializer);
    if (ts.isShorthandPropertyAssignment(p)) return declaredFunction(ts, checker.getShorthandAssignmentValueSymbol(p));
    return undefined; // an accessor
  }
  return undefined;
}

/** The object literal a `const` is initialised with. */
function literalOf(ts: TypeScript, symbol: TS.Symbol): TS.ObjectLiteralExpression | undefined {
  const decl = symbol.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isVariableDeclarationList(decl.parent)) return undefined;
  if (!(decl.parent.flags & ts.NodeFlags.Const)) return undefined;
  const init = skipOuter(ts, decl.initializer);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}

function hasSpread(ts: TypeScript, literal: TS.ObjectLiteralExpression): boolean {
  return literal.properties.some((p) => ts.isSpreadAssignment(p));
}

/** A function with a body that `e` is: a function expression, an arrow, or the name of a function declaration. */
function functionValue(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression): FunctionNode | undefined {
  const x = skipOuter(ts, e);
  if (ts.isFunctionExpression(x) || ts.isArrowFunction(x)) return x;
  return ts.isIdentifier(x) ? declaredFunction(ts, checker.getSymbolAtLocation(x)) : undefined;
}

function declaredFunction(ts: TypeScript, symbol: TS.Symbol | undefined): FunctionNode | undefined {
  const decl = symbol?.valueDeclaration;
  return decl && ts.isFunctionDeclaration(decl) && decl.body && isFunctionNode(ts, decl) ? decl : undefined;
}

/** Whether the variable `decl` declares (named `name`) is exported from its file: `export const`, `export { name }`, `export default name`. */
export function isExported(ts: TypeScript, decl: TS.Declaration, name: string): boolean {
  const statement = decl.parent?.parent;
  if (statement && ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
    return true;
  return decl
    .getSourceFile()
    .statements.some((st) =>
      ts.isExportAssignment(st)
        ? ts.isIdentifier(skipOuter(ts, st.expression)) && (skipOuter(ts, st.expression) as TS.Identifier).text === name
        : ts.isExportDeclaration(st) &&
          !st.moduleSpecifier &&
          st.exportClause !== undefined &&
          ts.isNamedExports(st.exportClause) &&
          st.exportClause.elements.some((e) => (e.propertyName ?? e.name).text === name),
    );
}
