// Operational paths: callbacks that run later, outside any bus callback
// (IRQ handlers, timer and work callbacks, listeners, promise continuations),
// and every function reachable only from them, in any file. Computed once per
// analysis for the whole program.
import { functionOf } from '../discovery/drivers.js';
import type { AnalysisView } from '../rule/view.js';
import { type FunctionNode, isFunctionNode, skipOuter } from '../syntax/syntax.js';
import type { TS } from '../ts.js';

const KERNEL_WHERE = { timer: 'an hrtimer callback', work: 'a work item', irq: 'an IRQ handler' } as const;
const WHERE: Record<string, string> = {
  timer: 'a timer callback',
  listener: 'an event listener',
  then: 'a promise continuation',
  'dropped-work': 'a work item',
};

const cache = new WeakMap<AnalysisView, ReadonlyMap<FunctionNode, string>>();

/** Operational functions, each with how a message names where it runs ("an IRQ handler"). */
export function operationalFunctions(analysis: AnalysisView): ReadonlyMap<FunctionNode, string> {
  const known = cache.get(analysis);
  if (known) return known;
  const roots = new Map<FunctionNode, string>();
  for (const sf of analysis.program.getSourceFiles()) {
    if (!analysis.isAnalysed(sf)) continue;
    for (const d of analysis.indexOf(sf).deferrals) {
      const where = d.role ? KERNEL_WHERE[d.role] : (WHERE[d.how] ?? 'a deferred callback');
      for (const fn of handlersOf(analysis, d.value, d.role === 'irq')) if (!roots.has(fn)) roots.set(fn, where);
    }
  }
  const callbacks = [...analysis.drivers.callbacks.keys()];
  const sync = closure(analysis, callbacks, roots, new Set());
  const out = new Map(roots);
  const todo = [...roots.keys()];
  for (let fn = todo.pop(); fn; fn = todo.pop()) {
    const where = out.get(fn) as string;
    for (const callee of calleesOf(analysis, fn, roots)) {
      if (out.has(callee) || sync.has(callee)) continue;
      out.set(callee, where);
      todo.push(callee);
    }
  }
  cache.set(analysis, out);
  return out;
}

/** The functions a deferred value runs: a function, or an IRQ handler object's `handle`, resolved by type. */
function handlersOf(analysis: AnalysisView, value: TS.Expression, irq: boolean): FunctionNode[] {
  const { ts, checker } = analysis;
  const v = skipOuter(ts, value);
  if (!irq) {
    const fn = isFunctionNode(ts, v) ? v : functionOf(ts, checker, v);
    return fn ? [fn] : [];
  }
  const handle = checker.getPropertyOfType(checker.getTypeAtLocation(v), 'handle');
  const out: FunctionNode[] = [];
  for (const d of handle?.declarations ?? []) {
    if (isFunctionNode(ts, d) && d.body) out.push(d);
    else if ((ts.isPropertyAssignment(d) || ts.isPropertyDeclaration(d)) && d.initializer) {
      const f = functionOf(ts, checker, d.initializer);
      if (f) out.push(f);
    }
  }
  return out;
}

/** Functions called from `fn` on its own synchronous path: not from inside a nested callback that is a root. */
function calleesOf(analysis: AnalysisView, fn: FunctionNode, roots: ReadonlyMap<FunctionNode, string>): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const call of analysis.itemsOf(fn).calls) {
    // Inside a nested callback that is a root itself: that root's call, not `fn`'s. Walked by function nesting, not by expression depth.
    let nestedRoot = false;
    for (let p = analysis.functionAround(call); p && p !== fn; p = analysis.functionAround(p)) if (roots.has(p)) nestedRoot = true;
    if (nestedRoot) continue;
    const callee = analysis.calleeOf(call);
    if (callee) out.push(callee);
  }
  return out;
}

function closure(
  analysis: AnalysisView,
  from: readonly FunctionNode[],
  roots: ReadonlyMap<FunctionNode, string>,
  out: Set<FunctionNode>,
): Set<FunctionNode> {
  const todo = [...from];
  for (let fn = todo.pop(); fn; fn = todo.pop()) {
    if (out.has(fn)) continue;
    out.add(fn);
    for (const callee of calleesOf(analysis, fn, roots)) if (!out.has(callee)) todo.push(callee);
  }
  return out;
}
