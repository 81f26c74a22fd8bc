// Handles lost by overwriting: `h = start(); … h = start()` before `h`'s
// teardown, or an assignment in a loop that keeps only the last handle. The
// value assigned first never gets its teardown, which required-teardown
// reports at its creation.
import {
  type AccessPath,
  type AnalysisView,
  type Cfg,
  type FileIndex,
  type FunctionNode,
  type TS,
  type TypeScript,
  operationalFunctions,
  pathKey,
  skipOuter,
  statementOf,
  text,
  within,
} from '@drvlint/core';

export interface Overwritten {
  /** The value lost: where it is created. */
  readonly value: TS.Expression;
  readonly data: { readonly name: string; readonly type: string; readonly line: string; readonly method: string };
}

/**
 * A handle overwritten before its teardown is lost: `h = start(); … h = start()`,
 * or an assignment in a loop that keeps only the last handle. Found in the
 * control-flow graph: from one assignment, another assignment to the same
 * place (itself, around a loop) is reached without the teardown in between.
 */
export function overwrittenHandles(analysis: AnalysisView, index: FileIndex): Overwritten[] {
  const out: Overwritten[] = [];
  const { ts, teardown, teardownFlow: flow } = analysis;
  type Assignment = { readonly at: TS.Node; readonly target: TS.Expression; readonly value: TS.Expression };
  const byFn = new Map<FunctionNode, Assignment[]>();
  const add = (fn: FunctionNode | undefined, a: Assignment): void => {
    if (!fn) return;
    const list = byFn.get(fn);
    if (list) list.push(a);
    else byFn.set(fn, [a]);
  };
  for (const w of index.writes)
    if (w.how === 'assign' && !ts.isObjectLiteralExpression(w.target) && !ts.isArrayLiteralExpression(w.target))
      add(w.fn, { at: w.at, target: w.target, value: w.value });
  index.variables.forEach((v, k) => {
    const list = v.parent;
    const isLet = ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const);
    if (isLet && v.initializer && ts.isIdentifier(v.name)) add(index.owners.variables[k], { at: v, target: v.name, value: v.initializer });
  });
  // A callback that runs later may run again (a timer, an IRQ handler, a work item, a listener): what it stores in a
  // place that outlives the call (a field, a captured variable) is overwritten by its next run.
  const operational = operationalFunctions(analysis);
  for (const [fn, assignments] of byFn) {
    const owed = assignments
      .map((a) => ({ a, methods: teardown.methodsOf(flow.declaredTypeOf(a.target)), path: flow.pathOf(a.target, fn) }))
      .filter((x) => x.methods.size > 0 && x.path !== undefined);
    if (owed.length === 0) continue;
    const cfg = analysis.cfgOf(fn);
    const nodeOf = (n: TS.Node): number | undefined => {
      const s = statementOf(cfg, n);
      return s === undefined ? undefined : cfg.nodeOf.get(s);
    };
    for (const x of owed) {
      const path = x.path as NonNullable<typeof x.path>;
      const from = nodeOf(x.a.at);
      if (from === undefined || isUndefinedValue(ts, x.a.value)) continue;
      const same = owed.filter((y) => y.path && pathKey(y.path) === pathKey(path));
      const goals = new Map<number, TS.Node>();
      for (const y of same) {
        const id = nodeOf(y.a.at);
        // `x ??= start()`, `if (!x) x = start()`: stores only where nothing is held.
        if (id !== undefined && !storesOnlyWhenEmpty(ts, y.a.at, y.a.target)) goals.set(id, y.a.at);
      }
      const covered = flow.coveringNodes(fn, path, x.methods);
      const repeats = operational.has(fn) && outlivesCall(ts, path, fn);
      const again = reachedAgain(cfg, from, goals, covered, repeats);
      if (!again) continue;
      out.push({
        value: x.a.value,
        data: {
          name: text(x.a.target),
          type: analysis.checker.typeToString(analysis.checker.getNonNullableType(flow.declaredTypeOf(x.a.target))),
          line: lineOf(again),
          method: [...x.methods][0] ?? 'teardown',
        },
      });
    }
  }
  return out;
}

/**
 * The first of `goals` reached from `from` (itself, around a loop) without
 * passing a node in `covered`; with `repeats`, the function's exits lead
 * back to its entry, as its next run.
 */
function reachedAgain(
  cfg: Cfg,
  from: number,
  goals: ReadonlyMap<number, TS.Node>,
  covered: ReadonlySet<number>,
  repeats: boolean,
): TS.Node | undefined {
  const seen = new Set<number>();
  const queue = [...(cfg.nodes[from]?.succ ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as number;
    if (seen.has(n)) continue;
    seen.add(n);
    const goal = goals.get(n);
    if (goal) return goal;
    if (covered.has(n)) continue;
    queue.push(...(cfg.nodes[n]?.succ ?? []));
    if (repeats && (n === cfg.returnExit || n === cfg.throwExit)) queue.push(cfg.entry);
  }
  return undefined;
}

/** Whether a place outlives a run of `fn`: a field of `this`, or a variable declared outside it. */
function outlivesCall(ts: TypeScript, path: AccessPath, fn: FunctionNode): boolean {
  if (path.root === 'this') return true;
  if (typeof path.root === 'number') return false; // a parameter: given anew each run
  const decl = path.root.valueDeclaration;
  return decl !== undefined && !within(decl, fn);
}

/** `x ??= v`, `x ||= v`, and `x = v` as the whole of `if (!x)` (or `x === undefined`, `== null`): stores only into an empty place. */
function storesOnlyWhenEmpty(ts: TypeScript, at: TS.Node, target: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  if (
    ts.isBinaryExpression(at) &&
    (at.operatorToken.kind === K.QuestionQuestionEqualsToken || at.operatorToken.kind === K.BarBarEqualsToken)
  )
    return true;
  let stmt: TS.Node = at;
  while (stmt.parent && ts.isParenthesizedExpression(stmt.parent)) stmt = stmt.parent;
  if (!stmt.parent || !ts.isExpressionStatement(stmt.parent)) return false;
  let inIf: TS.Node = stmt.parent;
  if (inIf.parent && ts.isBlock(inIf.parent) && inIf.parent.statements.length === 1) inIf = inIf.parent;
  const cond =
    inIf.parent && ts.isIfStatement(inIf.parent) && inIf.parent.thenStatement === inIf ? skipOuter(ts, inIf.parent.expression) : undefined;
  if (!cond) return false;
  const same = (e: TS.Expression): boolean => skipOuter(ts, e).getText() === skipOuter(ts, target).getText();
  if (ts.isPrefixUnaryExpression(cond) && cond.operator === K.ExclamationToken) return same(cond.operand);
  if (!ts.isBinaryExpression(cond)) return false;
  const op = cond.operatorToken.kind;
  const empty = (e: TS.Expression): boolean => /^(undefined|null|void 0)$/.test(skipOuter(ts, e).getText());
  return (
    (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken) &&
    ((same(cond.left) && empty(cond.right)) || (same(cond.right) && empty(cond.left)))
  );
}

/** `h = undefined`, `h = null`: clearing a place stores no handle that could be lost. */
function isUndefinedValue(ts: TypeScript, e: TS.Expression): boolean {
  const x = skipOuter(ts, e);
  return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined') || ts.isVoidExpression(x);
}

/** The 1-based line `n` starts on, as messages name it. */
export function lineOf(n: TS.Node): string {
  return String(n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1);
}
