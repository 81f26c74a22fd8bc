// Reachability over the call graph: what the driver callbacks of one role run,
// transitively, across files; and two questions rules ask with it.
import type { CallbackRole } from '../discovery/drivers.js';
import type { Scope } from '../facts/type-facts.js';
import type { AnalysisView } from '../rule/view.js';
import { type FunctionNode, skipOuter, within } from '../syntax/syntax.js';
import type { TS } from '../ts.js';

/** Whether a scope is, or holds, a Core (or CoreInternal) device view. */
export function coreIn(s: Scope): boolean {
  if (s.kind === 'device') return s.context === 'Core' || s.context === 'CoreInternal';
  return s.kind === 'holder' && coreIn(s.inner);
}

/** Whether writing to `target` only touches a variable declared inside `fn`. */
export function isLocalTo(analysis: AnalysisView, target: TS.Expression, fn: FunctionNode): boolean {
  const { ts, checker } = analysis;
  const e = skipOuter(ts, target);
  if (!ts.isIdentifier(e)) return false;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  return decl !== undefined && within(decl, fn);
}

const reach = new WeakMap<AnalysisView, Map<CallbackRole, Set<FunctionNode>>>();

/** The callbacks of `role` and every function they call, transitively, across files. */
export function reachableFrom(analysis: AnalysisView, role: CallbackRole): ReadonlySet<FunctionNode> {
  let byRole = reach.get(analysis);
  if (!byRole) reach.set(analysis, (byRole = new Map<CallbackRole, Set<FunctionNode>>()));
  const known = byRole.get(role);
  if (known) return known;
  const out = new Set<FunctionNode>();
  const todo: FunctionNode[] = [];
  for (const [fn, cb] of analysis.drivers.callbacks) if (cb.role === role) todo.push(fn);
  for (let fn = todo.pop(); fn; fn = todo.pop()) {
    if (out.has(fn)) continue;
    out.add(fn);
    for (const call of analysis.itemsOf(fn).calls) {
      const callee = analysis.calleeOf(call);
      if (callee && !out.has(callee)) todo.push(callee);
    }
  }
  byRole.set(role, out);
  return out;
}
