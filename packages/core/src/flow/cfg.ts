// A control-flow graph per function, and the one question the lifecycle
// rules ask of it: does every path from a point to an exit pass through one
// of a set of nodes? That is post-dominance by a set, answered by one
// reachability pass over the graph with the set removed: linear in the size
// of the graph, never by counting paths (which blows up exponentially, as
// react-hooks' rules-of-hooks once did).
import { type FunctionNode, isFunctionNode } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export type NodeKind = 'entry' | 'return' | 'throw' | 'stmt' | 'cond' | 'join';

export interface CfgNode {
  readonly id: number;
  readonly kind: NodeKind;
  /** The statement (or condition) the node evaluates; undefined for entry, exits and joins. */
  readonly ast: TS.Node | undefined;
  readonly succ: number[];
  /**
   * Where an exception raised while evaluating the node goes: the enclosing
   * `catch`, a `finally` copy, or the throw exit. Not an edge: only checks
   * that count fallible calls as error paths follow it (see firstUncoveredPath).
   */
  readonly throwTo: number;
}

export interface Cfg {
  readonly fn: FunctionNode;
  readonly nodes: readonly CfgNode[];
  readonly entry: number;
  /** Normal completion: `return` or falling off the end. */
  readonly returnExit: number;
  /** An exception leaving the function. */
  readonly throwExit: number;
  /** The node of each statement, for finding where a call happens. */
  readonly nodeOf: ReadonlyMap<TS.Node, number>;
}

interface Ctx {
  readonly breakTo: number | undefined;
  readonly continueTo: number | undefined;
  readonly labels: ReadonlyMap<string, { readonly breakTo: number; readonly continueTo: number | undefined }>;
  readonly throwTo: number;
  readonly returnTo: number;
}

export function buildCfg(ts: TypeScript, fn: FunctionNode): Cfg {
  const nodes: CfgNode[] = [];
  const nodeOf = new Map<TS.Node, number>();
  let throwTo = 2; // the throw exit, added third below; `stmt` sets it per context
  const add = (kind: NodeKind, ast: TS.Node | undefined, succ: number[] = []): number => {
    const id = nodes.length;
    nodes.push({ id, kind, ast, succ, throwTo });
    if (ast && !nodeOf.has(ast)) nodeOf.set(ast, id);
    return id;
  };
  const entry = add('entry', undefined);
  const returnExit = add('return', undefined);
  const throwExit = add('throw', undefined);

  const seq = (stmts: readonly TS.Statement[], next: number, cx: Ctx): number => {
    let at = next;
    for (let i = stmts.length - 1; i >= 0; i--) at = stmt(stmts[i] as TS.Statement, at, cx);
    return at;
  };

  const loopLabel = (s: TS.Statement): string | undefined => (ts.isLabeledStatement(s.parent) ? s.parent.label.text : undefined);
  const withLoop = (cx: Ctx, s: TS.Statement, breakTo: number, continueTo: number): Ctx => {
    const label = loopLabel(s);
    const labels = label ? new Map(cx.labels).set(label, { breakTo, continueTo }) : cx.labels;
    return { ...cx, breakTo, continueTo, labels };
  };

  const stmt = (s: TS.Statement, next: number, cx: Ctx): number => {
    throwTo = cx.throwTo;
    const at = stmtIn(s, next, cx);
    throwTo = cx.throwTo;
    return at;
  };
  const stmtIn = (s: TS.Statement, next: number, cx: Ctx): number => {
    if (ts.isBlock(s)) return seq(s.statements, next, cx);
    if (ts.isReturnStatement(s)) return add('stmt', s, [cx.returnTo]);
    if (ts.isThrowStatement(s)) return add('stmt', s, [cx.throwTo]);
    if (ts.isIfStatement(s)) {
      const then = stmt(s.thenStatement, next, cx);
      const otherwise = s.elseStatement ? stmt(s.elseStatement, next, cx) : next;
      return add('cond', s.expression, [then, otherwise]);
    }
    // A for…of/for…in head is a test too: another element, or done.
    if (ts.isWhileStatement(s) || ts.isForOfStatement(s) || ts.isForInStatement(s)) {
      const head = add('cond', s.expression);
      const body = stmt(s.statement, head, withLoop(cx, s, next, head));
      nodes[head]?.succ.push(body, next);
      return head;
    }
    if (ts.isDoStatement(s)) {
      const cond = add('cond', s.expression);
      const body = stmt(s.statement, cond, withLoop(cx, s, next, cond));
      nodes[cond]?.succ.push(body, next);
      return body;
    }
    if (ts.isForStatement(s)) {
      const cond = add('cond', s.condition ?? s);
      const incr = s.incrementor ? add('stmt', s.incrementor, [cond]) : cond;
      const body = stmt(s.statement, incr, withLoop(cx, s, next, incr));
      nodes[cond]?.succ.push(body);
      if (s.condition) nodes[cond]?.succ.push(next);
      return s.initializer ? add('stmt', s.initializer, [cond]) : cond;
    }
    if (ts.isSwitchStatement(s)) {
      const disc = add('cond', s.expression);
      const inner: Ctx = { ...cx, breakTo: next };
      const clauses = s.caseBlock.clauses;
      let fall = next;
      const entries: number[] = [];
      for (let i = clauses.length - 1; i >= 0; i--) {
        fall = seq((clauses[i] as TS.CaseOrDefaultClause).statements, fall, inner);
        entries.unshift(fall);
      }
      nodes[disc]?.succ.push(...entries);
      if (!clauses.some((c) => ts.isDefaultClause(c))) nodes[disc]?.succ.push(next);
      return disc;
    }
    if (ts.isLabeledStatement(s)) {
      if (isLoop(ts, s.statement)) return stmt(s.statement, next, cx);
      const labels = new Map(cx.labels).set(s.label.text, { breakTo: next, continueTo: undefined });
      return stmt(s.statement, next, { ...cx, labels });
    }
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
      const target = s.label ? cx.labels.get(s.label.text) : undefined;
      const to = ts.isBreakStatement(s) ? (target?.breakTo ?? cx.breakTo) : (target?.continueTo ?? cx.continueTo);
      return add('stmt', s, [to ?? next]);
    }
    if (ts.isTryStatement(s)) {
      // `finally` runs on every way out of the try and then carries on that
      // way, so it gets one copy per way out: after the statement, return,
      // throw, and each break or continue target in scope. A shared copy
      // would merge those paths, reporting a teardown after the statement as
      // skippable, and a break would seem to skip a `return` in `finally`.
      const finallyBlock = s.finallyBlock;
      const copies = new Map<number, number>();
      const via = (target: number | undefined): number | undefined => {
        if (target === undefined || !finallyBlock) return target;
        let entry = copies.get(target);
        if (entry === undefined) copies.set(target, (entry = seq(finallyBlock.statements, target, cx)));
        return entry;
      };
      const labels = new Map(
        [...cx.labels].map(([name, t]) => [name, { breakTo: via(t.breakTo) as number, continueTo: via(t.continueTo) }]),
      );
      const outer: Ctx = {
        breakTo: via(cx.breakTo),
        continueTo: via(cx.continueTo),
        labels,
        throwTo: via(cx.throwTo) as number,
        returnTo: via(cx.returnTo) as number,
      };
      const after = via(next) as number;
      const handler = s.catchClause ? seq(s.catchClause.block.statements, after, outer) : undefined;
      return seq(s.tryBlock.statements, after, { ...outer, throwTo: handler ?? outer.throwTo });
    }
    return add('stmt', s, [next]);
  };

  const root: Ctx = { breakTo: undefined, continueTo: undefined, labels: new Map(), throwTo: throwExit, returnTo: returnExit };
  const body = fn.body;
  const first =
    body === undefined ? returnExit : ts.isBlock(body) ? seq(body.statements, returnExit, root) : add('stmt', body, [returnExit]);
  nodes[entry]?.succ.push(first);
  return { fn, nodes, entry, returnExit, throwExit, nodeOf };
}

function isLoop(ts: TypeScript, s: TS.Statement): boolean {
  return ts.isIterationStatement(s, false);
}

/** The statement (or condition) of `cfg` that holds `n`: `n` itself or its nearest ancestor with a node. */
export function statementOf(cfg: Cfg, n: TS.Node): TS.Node | undefined {
  for (let s: TS.Node | undefined = n; s; s = s.parent) if (cfg.nodeOf.has(s)) return s;
  return undefined;
}

/**
 * Whether every path from `from` to one of `exits` passes through a node in
 * `covered`; if not, the nodes of one path that does not (for messages).
 * The start node itself does not count as covering.
 */
export function firstUncoveredPath(
  cfg: Cfg,
  from: number,
  exits: readonly number[],
  covered: (id: number) => boolean,
  mayThrow?: (node: CfgNode) => boolean,
  suspends?: ReadonlySet<number>,
): number[] | undefined {
  const parent = new Map<number, number>();
  const queue: number[] = [];
  for (const s of cfg.nodes[from]?.succ ?? []) {
    if (!parent.has(s) && !covered(s)) {
      parent.set(s, from);
      queue.push(s);
    }
  }
  // With `mayThrow`, a node whose evaluation can throw (a fallible call) also
  // leads to where its exception goes. Not from `from` itself: the value it
  // makes does not exist if it throws; throws after the value is made within
  // that same statement are the caller's to find (see Analysis.throwsAfter).
  // With `suspends`, an `await` also leads to the normal exit: the function has returned to its caller there, and
  // what follows runs later.
  const succOf = (n: number): readonly number[] => {
    const node = cfg.nodes[n];
    if (!node) return [];
    const succ = mayThrow && node.ast && mayThrow(node) ? [...node.succ, node.throwTo] : node.succ;
    return suspends?.has(n) ? [...succ, cfg.returnExit] : succ;
  };
  const goal = new Set(exits);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as number;
    if (goal.has(n)) {
      const path = [n];
      for (let p = parent.get(n); p !== undefined && p !== from; p = parent.get(p)) path.unshift(p);
      return path;
    }
    for (const s of succOf(n)) {
      if (!parent.has(s) && s !== from && !covered(s)) {
        parent.set(s, n);
        queue.push(s);
      }
    }
  }
  return undefined;
}

/**
 * The calls a node's evaluation is sure to make: not those on the right of
 * `&&`/`||`/`??`, in a branch of `?:`, or inside nested functions. Optional
 * chains count: `x?.cancel()` tears down `x` whenever there is an `x`.
 */
export function certainCalls(ts: TypeScript, ast: TS.Node | undefined): TS.CallExpression[] {
  const out: TS.CallExpression[] = [];
  if (!ast) return out;
  const visit = (n: TS.Node): void => {
    if (isFunctionNode(ts, n) || ts.isClassLike(n)) return;
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        visit(n.left);
        return;
      }
    }
    if (ts.isConditionalExpression(n)) {
      visit(n.condition);
      return;
    }
    if (ts.isCallExpression(n)) out.push(n);
    // A loop's or if's nested statements belong to other nodes.
    if (ts.isIfStatement(n) || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n) || ts.isTryStatement(n) || ts.isBlock(n))
      return;
    ts.forEachChild(n, visit);
  };
  visit(ast);
  return out;
}

const suspending = new WeakMap<Cfg, ReadonlySet<number>>();

/**
 * The nodes of an async function's graph where it may suspend (an `await`,
 * a `for await` head): its caller goes on from there, so only what comes
 * before happens within the call. Empty for any other function.
 */
export function suspendingNodes(ts: TypeScript, cfg: Cfg): ReadonlySet<number> {
  let found = suspending.get(cfg);
  if (found) return found;
  const out = new Set<number>();
  if (ts.getModifiers(cfg.fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
    for (const n of cfg.nodes) if (n.ast && awaits(ts, n.ast)) out.add(n.id);
  }
  suspending.set(cfg, (found = out));
  return found;
}

/** Whether evaluating `ast` (not the functions in it) awaits. */
function awaits(ts: TypeScript, ast: TS.Node): boolean {
  if (ast.parent && ts.isForOfStatement(ast.parent) && ast.parent.awaitModifier && ast.parent.expression === ast) return true;
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found || isFunctionNode(ts, n) || ts.isClassLike(n)) return;
    if (ts.isAwaitExpression(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(ast);
  return found;
}
