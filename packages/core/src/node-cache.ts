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
  // Written out rather than through a helper taking the question as a callback: these run millions of times in a large
  // program, and a callback made per call is garbage made per call.
  cached.getTypeAtLocation = (node) => {
    // Never undefined: the checker answers errorType when it has nothing better.
    let t = types.get(node);
    if (t === undefined) types.set(node, (t = checker.getTypeAtLocation(node)));
    return t;
  };
  cached.getSymbolAtLocation = (node) => {
    const known = symbols.get(node);
    if (known !== undefined || symbols.has(node)) return known;
    const s = checker.getSymbolAtLocation(node);
    symbols.set(node, s);
    return s;
  };
  cached.getResolvedSignature = (node, candidates, argumentCount) => {
    // Only the plain question is remembered: with candidates, the caller wants them filled in.
    if (candidates !== undefined || argumentCount !== undefined) return checker.getResolvedSignature(node, candidates, argumentCount);
    const known = signatures.get(node);
    if (known !== undefined || signatures.has(node)) return known;
    const s = checker.getResolvedSignature(node);
    signatures.set(node, s);
    return s;
  };
  return cached;
}
