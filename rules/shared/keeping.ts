// Where probe keeps a value it started: put into a structure (a constructor
// argument, a literal, a return, a property), into a collection that is itself
// kept, or handed to a helper that keeps its parameter. required-teardown asks
// it of each started value, so the names each CFG node mentions are resolved
// once per function.
import {
  type AnalysisView,
  type Cfg,
  type FunctionNode,
  type TS,
  type TypeScript,
  isFunctionNode,
  isModuleScope,
  libraryMemberOf,
  outermostWrapper,
  skipOuter,
  walk,
} from '@drvlint/core';

/**
 * Nodes where `local` is put into a structure: a constructor argument, a
 * literal, a return, a property, or a collection that is itself kept. Only
 * the nodes that mention `local` are looked at (see referencesIn).
 */
export function keepingNodes(analysis: AnalysisView, cfg: Cfg, local: TS.Symbol, depth = 0): Set<number> {
  const { ts } = analysis;
  const out = new Set<number>();
  for (const r of referencesIn(analysis, cfg).get(local) ?? []) {
    if (out.has(r.node)) continue;
    if (
      ts.isShorthandPropertyAssignment(r.at) ||
      isKeepPosition(analysis, r.at, (c) => depth < 3 && keepingNodes(analysis, cfg, c, depth + 1).size > 0)
    )
      out.add(r.node);
  }
  return out;
}

const references = new WeakMap<Cfg, Map<TS.Symbol, { node: number; at: TS.Identifier | TS.ShorthandPropertyAssignment }[]>>();

/**
 * Every name each CFG node mentions (outside nested functions), resolved once
 * per function: asking "where is this local kept?" of every node, once per
 * started value, made probe quadratic in its number of timers.
 */
function referencesIn(
  analysis: AnalysisView,
  cfg: Cfg,
): Map<TS.Symbol, { node: number; at: TS.Identifier | TS.ShorthandPropertyAssignment }[]> {
  const known = references.get(cfg);
  if (known) return known;
  const { ts, checker } = analysis;
  const out = new Map<TS.Symbol, { node: number; at: TS.Identifier | TS.ShorthandPropertyAssignment }[]>();
  const add = (s: TS.Symbol | undefined, node: number, at: TS.Identifier | TS.ShorthandPropertyAssignment): void => {
    if (!s) return;
    const list = out.get(s);
    if (list) list.push({ node, at });
    else out.set(s, [{ node, at }]);
  };
  for (const n of cfg.nodes) {
    if (!n.ast) continue;
    walk(ts, n.ast, (x) => {
      if (isFunctionNode(ts, x)) return false;
      // A member's name (`parts.timer`'s `timer`) is a property, never a local: resolving it would type its receiver.
      if (ts.isIdentifier(x)) {
        if (!(ts.isPropertyAccessExpression(x.parent) && x.parent.name === x)) add(checker.getSymbolAtLocation(x), n.id, x);
      } else if (ts.isShorthandPropertyAssignment(x)) add(checker.getShorthandAssignmentValueSymbol(x), n.id, x);
      return true;
    });
  }
  references.set(cfg, out);
  return out;
}

function isKeepPosition(analysis: AnalysisView, id: TS.Identifier, isKept: (container: TS.Symbol) => boolean): boolean {
  const { ts, checker } = analysis;
  // Keeping `parts.timer` keeps what `parts` was built to hold.
  let e = outermostWrapper(ts, id);
  while (e.parent && ts.isPropertyAccessExpression(e.parent) && e.parent.expression === e) e = outermostWrapper(ts, e.parent);
  const p = e.parent;
  if (!p) return false;
  // `handles.set(k, h)`, `handles.push(h)`: kept if the collection is. A local
  // collection that dies with probe keeps nothing; any other one does.
  const insert = insertionInto(analysis, e);
  if (insert) {
    const base = skipOuter(ts, insert);
    const s = ts.isIdentifier(base) ? checker.getSymbolAtLocation(base) : undefined;
    const local = s?.valueDeclaration && ts.isVariableDeclaration(s.valueDeclaration) && !isModuleScope(ts, s.valueDeclaration);
    return s && local ? isKept(s) : true;
  }
  if (
    ts.isNewExpression(p) ||
    ts.isArrayLiteralExpression(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isReturnStatement(p) ||
    ts.isSpreadElement(p)
  )
    return true;
  if (ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return !ts.isIdentifier(skipOuter(ts, p.left));
  if (ts.isCallExpression(p) && p.expression !== e) {
    const callee = analysis.calleeOf(p);
    const i = p.arguments.indexOf(e as TS.Expression);
    return callee !== undefined && i >= 0 && (analysis.summaries.of(callee).params[i]?.length ?? 0) > 0;
  }
  return false;
}

/**
 * The outermost structure literal or constructor call `e` is built into, or
 * `e` itself; an array the standard `map`, `flatMap` or `Array.from` collects
 * from a callback that returns `e` is such a structure too.
 */
export function structureAround(analysis: AnalysisView, e: TS.Node): TS.Node {
  const { ts } = analysis;
  let at = e;
  for (;;) {
    const p = at.parent;
    const returner = p && resultOf(ts, p, at);
    const collecting = returner && collectingCall(analysis, returner);
    if (collecting) at = outermostWrapper(ts, collecting);
    else if (p && ts.isNewExpression(p) && p.arguments?.some((a) => a === at)) at = outermostWrapper(ts, p);
    else if (p && ts.isArrayLiteralExpression(p)) at = outermostWrapper(ts, p);
    else if (p && ts.isPropertyAssignment(p) && p.initializer === at && ts.isObjectLiteralExpression(p.parent))
      at = outermostWrapper(ts, p.parent);
    else return at;
  }
}

/** The function whose result `e` is, when its parent `p` returns it: an arrow's expression body, or `return e`. */
function resultOf(ts: TypeScript, p: TS.Node, e: TS.Node): FunctionNode | undefined {
  if (ts.isArrowFunction(p) && p.body === e) return p;
  if (!ts.isReturnStatement(p)) return undefined;
  for (let f = p.parent; f; f = f.parent) if (isFunctionNode(ts, f)) return f;
  return undefined;
}

/** Library members that collect what a callback returns into the array they give. */
const COLLECTING = new Set(['Array.map', 'ReadonlyArray.map', 'Array.flatMap', 'ReadonlyArray.flatMap', 'ArrayConstructor.from']);

/** The call of a standard collecting method (`xs.map(f)`, `Array.from(xs, f)`) that `fn` is the callback of. */
export function collectingCall(analysis: AnalysisView, fn: TS.Node): TS.CallExpression | undefined {
  const { ts, checker } = analysis;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const call = outermostWrapper(ts, fn).parent;
  if (!call || !ts.isCallExpression(call)) return undefined;
  const member = libraryMemberOf(ts, checker, call);
  if (!member || !COLLECTING.has(member)) return undefined;
  const at = call.arguments.findIndex((a) => skipOuter(ts, a) === fn);
  return at === (member === 'ArrayConstructor.from' ? 1 : 0) ? call : undefined;
}

const inserts = new WeakMap<object, ReadonlyMap<TS.Node, TS.Expression>>();

/** The collection `e` is inserted into (`c.set(k, e)`, `c.push(e)`), from the file's index of writes. */
export function insertionInto(analysis: AnalysisView, e: TS.Node): TS.Expression | undefined {
  const index = analysis.indexOf(e.getSourceFile());
  let byValue = inserts.get(index);
  if (!byValue) inserts.set(index, (byValue = new Map(index.writes.filter((w) => w.how === 'insert').map((w) => [w.value, w.target]))));
  return byValue.get(e);
}
