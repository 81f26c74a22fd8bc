// Which collection's elements a loop or an array method walks, for the
// teardown flow: a teardown in the body of a walk over every element tears
// down the collection's elements (`for (const t of self.timers) t.cancel()`).
// Only walks that visit every element, in order, before they return count:
// `some`, `every` and `find` stop early, a `while` loop may stop anywhere.
import { isFunctionNode, isLibSymbol, nonNullable, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import type { TeardownFacts } from '../facts/teardown-facts.js';

export interface IterationContext {
  readonly ts: TypeScript;
  readonly checker: TS.TypeChecker;
  readonly teardown: TeardownFacts;
  declaredTypeOf(e: TS.Expression): TS.Type;
}

/** Array methods that call their callback with every element, in order, before they return. */
export const EVERY_ELEMENT: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter']);

/** Where the elements of a walk come from: one value of an array literal, or every element of a collection. */
export type ElementSource = { readonly value: TS.Expression } | { readonly elementsOf: TS.Expression };

/**
 * The collection whose elements iterating `e` yields, seen through copies
 * that keep them all, in order: `c.values()`, `c.slice()`, `Array.from(c)`,
 * `[...c]`. `viaValues` when `.values()` was taken of it (a map then yields
 * its values, not its entries). Undefined when `e` is no standard collection.
 */
export function iteratedCollection(
  cx: IterationContext,
  e: TS.Expression,
): { collection: TS.Expression; viaValues: boolean; viaEntries: boolean } | undefined {
  const { ts, teardown } = cx;
  let c = skipOuter(ts, e);
  let viaValues = false;
  let viaEntries = false;
  let record = false;
  for (let depth = 0; depth < 4; depth++) {
    const inner = copiedFrom(cx, c);
    if (!inner) break;
    viaValues ||= inner.via === 'values';
    viaEntries ||= inner.via === 'entries';
    record ||= inner.record === true;
    c = inner.of;
  }
  // `Object.values(r)` of a record walks its values, as `.values()` of a map does.
  const type = cx.declaredTypeOf(c);
  const walked = record
    ? cx.checker.getIndexInfosOfType(nonNullable(ts, cx.checker, type)).length > 0
    : teardown.elementOf(type) !== undefined;
  return walked ? { collection: c, viaValues: viaValues || record, viaEntries } : undefined;
}

/**
 * Where the elements an array method's receiver holds come from: each value
 * of an array literal (and every element of a collection spread into it),
 * or every element of the collection it copies. A map's entries are not
 * its values, so a map spread or copied whole is no source.
 */
export function elementSources(cx: IterationContext, list: TS.Expression): ElementSource[] {
  const { ts, teardown } = cx;
  const e = skipOuter(ts, list);
  if (ts.isArrayLiteralExpression(e)) {
    return e.elements.flatMap((el): ElementSource[] => {
      if (!ts.isSpreadElement(el)) return [{ value: el }];
      const spread = iteratedCollection(cx, el.expression);
      return spread && (spread.viaValues || !teardown.isMap(cx.declaredTypeOf(spread.collection)))
        ? [{ elementsOf: spread.collection }]
        : [];
    });
  }
  const walked = iteratedCollection(cx, e);
  if (!walked || walked.viaEntries) return [];
  // `m.forEach(v => …)` walks a map's values; `Array.from(m)` holds its entries.
  const copied = walked.collection !== e;
  return !copied || walked.viaValues || !teardown.isMap(cx.declaredTypeOf(walked.collection)) ? [{ elementsOf: walked.collection }] : [];
}

/**
 * `c.values()`, `c.slice()`, `Array.from(c)`, `[...c]`: the collection `e`
 * copies every element of, in order; `c.entries()` walks them as
 * `[key, element]` pairs.
 */
function copiedFrom(
  cx: IterationContext,
  e: TS.Expression,
): { of: TS.Expression; via?: 'values' | 'entries'; record?: boolean } | undefined {
  const { ts, checker, teardown } = cx;
  if (ts.isArrayLiteralExpression(e) && e.elements.length === 1) {
    const only = e.elements[0] as TS.Expression;
    return ts.isSpreadElement(only) ? { of: skipOuter(ts, only.expression) } : undefined;
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const name = e.expression.name.text;
  const receiver = skipOuter(ts, e.expression.expression);
  if (e.arguments.length === 0 && (name === 'values' || name === 'slice' || name === 'entries')) {
    if (!teardown.elementOf(cx.declaredTypeOf(receiver))) return undefined;
    return name === 'slice' ? { of: receiver } : { of: receiver, via: name };
  }
  // `Object.values(r)`, the standard one: a record's values.
  if (name === 'values' && e.arguments.length === 1 && ts.isIdentifier(receiver) && receiver.text === 'Object') {
    const s = checker.getSymbolAtLocation(e.expression);
    return s && isLibSymbol(s) ? { of: skipOuter(ts, e.arguments[0] as TS.Expression), record: true } : undefined;
  }
  // `Array.from(c)`, the standard one: with a mapping function it is a walk of its own.
  if (name === 'from' && e.arguments.length === 1 && ts.isIdentifier(receiver)) {
    const s = checker.getSymbolAtLocation(e.expression);
    return s && isLibSymbol(s) ? { of: skipOuter(ts, e.arguments[0] as TS.Expression) } : undefined;
  }
  return undefined;
}

/**
 * The collection a counting loop walks every index of, and its counter:
 * `for (let i = 0; i < c.length; i++)` and `for (let i = c.length - 1; i >= 0; i--)`,
 * with no other write to `i` in its body. Undefined for any other loop.
 */
export function indexLoopOver(
  ts: TypeScript,
  loop: TS.ForStatement,
): { counter: TS.VariableDeclaration; collection: TS.Expression } | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const counter = init.declarations[0] as TS.VariableDeclaration;
  if (!ts.isIdentifier(counter.name) || !counter.initializer || !loop.condition || !loop.incrementor) return undefined;
  const i = counter.name.text;
  const start = skipOuter(ts, counter.initializer);
  const cond = skipOuter(ts, loop.condition);
  if (!ts.isBinaryExpression(cond)) return undefined;
  const K = ts.SyntaxKind;
  let collection: TS.Expression | undefined;
  if (isZero(ts, start)) {
    // i < c.length
    if (cond.operatorToken.kind !== K.LessThanToken || !isName(ts, cond.left, i) || !stepsBy(ts, loop.incrementor, i, 1)) return undefined;
    collection = lengthOf(ts, cond.right);
  } else {
    // i = c.length - 1; i >= 0
    const last =
      ts.isBinaryExpression(start) && start.operatorToken.kind === K.MinusToken && isOne(ts, start.right)
        ? lengthOf(ts, start.left)
        : undefined;
    if (
      !last ||
      cond.operatorToken.kind !== K.GreaterThanEqualsToken ||
      !isName(ts, cond.left, i) ||
      !isZero(ts, skipOuter(ts, cond.right))
    )
      return undefined;
    if (!stepsBy(ts, loop.incrementor, i, -1)) return undefined;
    collection = last;
  }
  if (!collection || writes(ts, loop.statement, i)) return undefined;
  return { counter, collection };
}

function isName(ts: TypeScript, e: TS.Expression, name: string): boolean {
  const x = skipOuter(ts, e);
  return ts.isIdentifier(x) && x.text === name;
}

function isZero(ts: TypeScript, e: TS.Expression): boolean {
  return ts.isNumericLiteral(e) && Number(e.text) === 0;
}

function isOne(ts: TypeScript, e: TS.Expression): boolean {
  const x = skipOuter(ts, e);
  return ts.isNumericLiteral(x) && Number(x.text) === 1;
}

/** `c` in `c.length`. */
function lengthOf(ts: TypeScript, e: TS.Expression): TS.Expression | undefined {
  const x = skipOuter(ts, e);
  return ts.isPropertyAccessExpression(x) && x.name.text === 'length' ? skipOuter(ts, x.expression) : undefined;
}

/** `i++`, `++i`, `i += 1` (or down by one). */
function stepsBy(ts: TypeScript, e: TS.Expression, name: string, by: 1 | -1): boolean {
  const K = ts.SyntaxKind;
  const x = skipOuter(ts, e);
  const op = by === 1 ? K.PlusPlusToken : K.MinusMinusToken;
  if ((ts.isPostfixUnaryExpression(x) || ts.isPrefixUnaryExpression(x)) && x.operator === op) return isName(ts, x.operand, name);
  const compound = by === 1 ? K.PlusEqualsToken : K.MinusEqualsToken;
  return ts.isBinaryExpression(x) && x.operatorToken.kind === compound && isName(ts, x.left, name) && isOne(ts, x.right);
}

/** Whether `body` assigns `name` anywhere (nested functions included: a closure may run in the loop). */
function writes(ts: TypeScript, body: TS.Node, name: string): boolean {
  const K = ts.SyntaxKind;
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= K.FirstAssignment &&
      n.operatorToken.kind <= K.LastAssignment &&
      mentions(ts, n.left, name)
    )
      found = true;
    else if (
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === K.PlusPlusToken || n.operator === K.MinusMinusToken) &&
      isName(ts, n.operand, name)
    )
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** Whether an assignment target is, or destructures into, `name`. */
function mentions(ts: TypeScript, target: TS.Node, name: string): boolean {
  if (ts.isIdentifier(target)) return target.text === name;
  if (ts.isParenthesizedExpression(target)) return mentions(ts, target.expression, name);
  if (ts.isArrayLiteralExpression(target) || ts.isObjectLiteralExpression(target)) {
    let found = false;
    target.forEachChild((c) => {
      found ||=
        mentions(ts, c, name) ||
        (ts.isShorthandPropertyAssignment(c) && c.name.text === name) ||
        (ts.isPropertyAssignment(c) && mentions(ts, c.initializer, name)) ||
        (ts.isSpreadElement(c) && mentions(ts, c.expression, name));
    });
    return found;
  }
  return false;
}

/**
 * Whether a loop may stop before its last element: its body (not the
 * functions in it) has a `return`, a `throw`, a `break` or labelled
 * `continue` out of it, or an `await` (after which the rest runs when the
 * caller has gone on), or, as `callMayThrow` tells, a call that may throw.
 */
export function loopMayStopEarly(ts: TypeScript, loop: TS.ForStatement | TS.ForOfStatement, callMayThrow: () => boolean): boolean {
  const K = ts.SyntaxKind;
  let leaves = false;
  const visit = (n: TS.Node, inInnerLoop: boolean, inSwitch: boolean): void => {
    if (leaves || isFunctionNode(ts, n) || ts.isClassLike(n)) return;
    if (n.kind === K.ReturnStatement || n.kind === K.ThrowStatement || n.kind === K.AwaitExpression || n.kind === K.YieldExpression)
      leaves = true;
    else if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) {
      // A labelled jump leaves the loop unless its label is inside the body; an unlabelled one, if it is this loop's break.
      if (n.label) leaves = !labelledWithin(ts, n.label.text, n, loop.statement);
      else leaves = ts.isBreakStatement(n) && !inInnerLoop && !inSwitch;
    } else {
      const inner = ts.isIterationStatement(n, false);
      ts.forEachChild(n, (c) => visit(c, inInnerLoop || inner, inSwitch || ts.isSwitchStatement(n)));
    }
  };
  visit(loop.statement, false, false);
  return leaves || callMayThrow();
}

/** Whether the label a jump names is declared inside `body` (then the jump stays inside it). */
function labelledWithin(ts: TypeScript, label: string, jump: TS.Node, body: TS.Node): boolean {
  for (let p = jump.parent; p && p !== body.parent; p = p.parent) if (ts.isLabeledStatement(p) && p.label.text === label) return true;
  return false;
}

/** The name a `for…of` declares (`t` in `for (const t of …)`). */
export function loopVariable(ts: TypeScript, loop: TS.ForOfStatement): TS.Identifier | undefined {
  const list = loop.initializer;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1) return undefined;
  const name = (list.declarations[0] as TS.VariableDeclaration).name;
  return ts.isIdentifier(name) ? name : undefined;
}
