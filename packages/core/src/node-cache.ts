// The checker, with its per-node answers remembered. TypeScript caches a
// resolved signature, but not the type of an expression asked for with
// getTypeAtLocation: each call re-runs the expression's check and its flow
// analysis. Rules ask about the same nodes again and again (every rule sees
// every call), so the analysis asks through this instead: one answer per
// node and question for the program's lifetime.
import type { TS } from './ts.js';

const byChecker = new WeakMap<TS.TypeChecker, TS.TypeChecker>();

/** One per checker: the views of a program (see groupView) share its checker, and so its answers. */
export function cachingChecker(checker: TS.TypeChecker): TS.TypeChecker {
  let known = byChecker.get(checker);
  if (!known) byChecker.set(checker, (known = makeCaching(checker)));
  return known;
}

function makeCaching(checker: TS.TypeChecker): TS.TypeChecker {
  const types = new Map<TS.Node, TS.Type>();
  const symbols = new Map<TS.Node, TS.Symbol | undefined>();
  const signatures = new Map<TS.Node, TS.Signature | undefined>();
  // The checker's methods are closures over its state, so the copy can inherit them.
  const cached = Object.create(checker) as TS.TypeChecker;
  cached.getTypeAtLocation = (node) => {
    let t = types.get(node);
    if (t === undefined) types.set(node, (t = checker.getTypeAtLocation(node)));
    return t;
  };
  cached.getSymbolAtLocation = (node) => {
    if (symbols.has(node)) return symbols.get(node);
    const s = checker.getSymbolAtLocation(node);
    symbols.set(node, s);
    return s;
  };
  cached.getResolvedSignature = (node, candidates, argumentCount) => {
    // Only the plain question is remembered: with candidates, the caller wants them filled in.
    if (candidates !== undefined || argumentCount !== undefined) return checker.getResolvedSignature(node, candidates, argumentCount);
    if (signatures.has(node)) return signatures.get(node);
    const s = checker.getResolvedSignature(node);
    signatures.set(node, s);
    return s;
  };
  return cached;
}
