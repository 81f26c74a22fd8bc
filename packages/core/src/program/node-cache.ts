// The checker, with its per-node answers remembered. TypeScript caches a
// resolved signature, but not the type of an expression asked for with
// getTypeAtLocation: each call re-runs the expression's check and its flow
// analysis. Rules ask about the same nodes again and again (every rule sees
// every call), so the analysis asks through this instead: one answer per
// node and question for the program's lifetime.
import type { TS } from '../ts.js';

const byChecker = new WeakMap<TS.TypeChecker, TS.TypeChecker>();

/** The answers kept for `checker` in `byChecker`: one map per checker, made when first asked for. */
export function answersFor<K extends object, V>(byChecker: WeakMap<TS.TypeChecker, WeakMap<K, V>>, checker: TS.TypeChecker): WeakMap<K, V> {
  let answers = byChecker.get(checker);
  if (!answers) byChecker.set(checker, (answers = new WeakMap()));
  return answers;
}

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
  // The questions are made once here, not per call: these run hundreds of thousands of times in a large program.
  const askType = (node: TS.Node): TS.Type => checker.getTypeAtLocation(node);
  const askSymbol = (node: TS.Node): TS.Symbol | undefined => checker.getSymbolAtLocation(node);
  const askSignature = (node: TS.Node): TS.Signature | undefined => checker.getResolvedSignature(node as TS.CallLikeExpression);
  cached.getTypeAtLocation = (node) => remembered(types, node, askType);
  cached.getSymbolAtLocation = (node) => remembered(symbols, node, askSymbol);
  cached.getResolvedSignature = (node, candidates, argumentCount) =>
    // Only the plain question is remembered: with candidates, the caller wants them filled in.
    candidates !== undefined || argumentCount !== undefined
      ? checker.getResolvedSignature(node, candidates, argumentCount)
      : remembered(signatures, node, askSignature);
  return cached;
}

/** The answer for `node` in `answers`, asked once; an undefined answer is remembered too. */
function remembered<V>(answers: Map<TS.Node, V>, node: TS.Node, ask: (node: TS.Node) => V): V {
  // One lookup when the answer is known and defined, the common case.
  const known = answers.get(node);
  if (known !== undefined || answers.has(node)) return known as V;
  const v = ask(node);
  answers.set(node, v);
  return v;
}
