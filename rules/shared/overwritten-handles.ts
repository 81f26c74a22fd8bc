// Handles lost by overwriting: `h = start(); … h = start()` before `h`'s
// teardown, or an assignment in a loop that keeps only the last handle. The
// value assigned first never gets its teardown, which required-teardown
// reports at its creation.
import {
  type AnalysisView,
  type Cfg,
  type FileIndex,
  type FunctionNode,
  type TS,
  type TypeScript,
  pathKey,
  skipOuter,
  statementOf,
  text,
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
        if (id !== undefined) goals.set(id, y.a.at);
      }
      const covered = flow.coveringNodes(fn, path, x.methods);
      const again = reachedAgain(cfg, from, goals, covered);
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

/** The first of `goals` reached from `from` (itself, around a loop) without passing a node in `covered`. */
function reachedAgain(cfg: Cfg, from: number, goals: ReadonlyMap<number, TS.Node>, covered: ReadonlySet<number>): TS.Node | undefined {
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
  }
  return undefined;
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
