// A timer cleared before its callback can run never runs it:
// `const g = setTimeout(f, ms); …; clearTimeout(g);` in one synchronous
// extent. Timer callbacks run from the event loop, so a clear on every path
// from the start to the function's exits, with no `await` on the way (where
// the event loop may run the timer), means `f` never runs. A throw that
// escapes before the clear leaves the timer armed, so fallible calls count as
// paths to the exits.
import { certainCalls, firstUncoveredPath, statementOf } from '../flow/cfg.js';
import type { AnalysisView } from '../rule/view.js';
import { isFunctionNode, skipOuter } from '../syntax/syntax.js';
import type { TS } from '../ts.js';

const CLEARS = new Set(['clearTimeout', 'clearInterval', 'clearImmediate']);

/** Whether the timer that the call around `callback` starts is cleared on every path before its function can yield. */
export function clearedBeforeItRuns(view: AnalysisView, callback: TS.Node): boolean {
  const { ts, checker } = view;
  const start = callback.parent;
  if (!start || !ts.isCallExpression(start)) return false;
  const holder = skipOuter(ts, start).parent;
  if (!holder || !ts.isVariableDeclaration(holder) || holder.initializer !== start || !ts.isIdentifier(holder.name)) return false;
  const handle = checker.getSymbolAtLocation(holder.name);
  const fn = view.functionAround(start);
  if (!handle || !fn?.body) return false;
  if (hasAwait(view, fn)) return false;
  const cfg = view.cfgOf(fn);
  const at = statementOf(cfg, start);
  const from = at === undefined ? undefined : cfg.nodeOf.get(at);
  if (from === undefined) return false;
  const clears = (id: number): boolean =>
    certainCalls(ts, cfg.nodes[id]?.ast).some((c) => {
      const arg = c.arguments[0];
      const name = view.world.isPlatformGlobal(c.expression, CLEARS);
      return (
        name !== undefined &&
        arg !== undefined &&
        ts.isIdentifier(skipOuter(ts, arg)) &&
        checker.getSymbolAtLocation(skipOuter(ts, arg)) === handle
      );
    });
  const mayThrow = (node: { readonly ast: TS.Node | undefined }): boolean => node.ast !== undefined && view.fallible.node(node.ast);
  return firstUncoveredPath(cfg, from, [cfg.returnExit, cfg.throwExit], clears, mayThrow) === undefined;
}

/** An `await` (or `for await`) in `fn` itself: the event loop may run timers there. */
function hasAwait(view: AnalysisView, fn: TS.FunctionLikeDeclaration): boolean {
  const { ts } = view;
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found || isFunctionNode(ts, n)) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier) || ts.isYieldExpression(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return found;
}
