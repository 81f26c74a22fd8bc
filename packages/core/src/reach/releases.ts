// What a function releases: `dispose()`, `release()`, `revoke()`, `free()` or
// `[Symbol.dispose]()` called on one of its parameters, on its own receiver
// (`this`), or on a value that is driver-scoped by itself. Summaries compose
// across helpers in any file, so that unbind-teardown-only can report the
// call in unbind that leads to the release, and name the release.
import { originOf } from '../facts/origin.js';
import type { AnalysisView } from '../rule/view.js';
import { type FunctionNode, accessRoot, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import { appliedCall } from './handoffs.js';
import { iteratedBy, paramAt, receiverOf } from '../values/summaries.js';

const RELEASE = new Set(['dispose', 'release', 'revoke', 'free']);

export interface Release {
  /** The release itself, wherever it is: a call, or a `using` declaration. */
  readonly call: TS.Node;
  /** `release`, `[Symbol.dispose]`, … */
  readonly name: string;
}

export interface ReleaseSummary {
  readonly params: readonly (Release | undefined)[];
  /** Released through `this` (a method releasing its own fields). */
  readonly self: Release | undefined;
  /** Released on a value whose type alone makes it driver-scoped. */
  readonly scoped: Release | undefined;
}

const EMPTY: ReleaseSummary = { params: [], self: undefined, scoped: undefined };
const cache = new WeakMap<AnalysisView, Map<FunctionNode, ReleaseSummary>>();

/** `dispose`, `release`, … or `[Symbol.dispose]`, when `call` is one on a receiver that owes no such teardown. */
export function releaseName(analysis: AnalysisView, call: TS.CallExpression): string | undefined {
  return releaseOf(analysis, call)?.name;
}

/**
 * The release a call makes, and what it releases: `x.release()`,
 * `x[Symbol.dispose]()`, and the same method called through `Reflect.apply`,
 * `.call` or `.apply`, also by way of a `const` that holds it
 * (`const d = x[Symbol.dispose]; d.call(x)`).
 */
export function releaseOf(
  analysis: AnalysisView,
  call: TS.CallExpression,
): { readonly name: string; readonly receiver: TS.Expression | undefined } | undefined {
  const { ts, checker } = analysis;
  const direct = releaseMember(ts, skipOuter(ts, call.expression));
  const applied = direct ? undefined : appliedCall(analysis, call);
  const name = direct ?? (applied ? releaseMember(ts, originOf(ts, checker, applied.f)) : undefined);
  if (!name) return undefined;
  const receiver = applied ? applied.receiver : receiverOf(ts, call);
  // A `release()` the type owes (RequiresTeardown<'release'>) is teardown, not release.
  if (receiver && analysis.teardown.methodsOf(checker.getTypeAtLocation(receiver)).has(name)) return undefined;
  return { name, receiver };
}

/** `dispose`, `release`, … or `[Symbol.dispose]`, when `e` is such a member of something. */
function releaseMember(ts: TypeScript, e: TS.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return RELEASE.has(e.name.text) ? e.name.text : undefined;
  if (!ts.isElementAccessExpression(e)) return undefined;
  const arg = skipOuter(ts, e.argumentExpression);
  const symbolDispose =
    ts.isPropertyAccessExpression(arg) &&
    arg.name.text === 'dispose' &&
    ts.isIdentifier(arg.expression) &&
    arg.expression.text === 'Symbol';
  return symbolDispose ? '[Symbol.dispose]' : undefined;
}

export function releasesOf(analysis: AnalysisView, fn: FunctionNode): ReleaseSummary {
  let byFn = cache.get(analysis);
  if (!byFn) cache.set(analysis, (byFn = new Map<FunctionNode, ReleaseSummary>()));
  const known = byFn.get(fn);
  if (known) return known;
  byFn.set(fn, EMPTY); // recursion contributes nothing new on the inner round
  const found = compute(analysis, fn);
  byFn.set(fn, found);
  return found;
}

function compute(analysis: AnalysisView, fn: FunctionNode): ReleaseSummary {
  const { ts, checker, summaries, values } = analysis;
  if (!fn.body) return EMPTY;
  const index = analysis.indexOf(fn.getSourceFile());
  const params = fn.parameters.map((p) => {
    const syms = new Set<TS.Symbol>();
    const s = ts.isIdentifier(p.name) ? checker.getSymbolAtLocation(p.name) : undefined;
    if (s) syms.add(s);
    return syms;
  });
  // Local aliases, and each element of a collection a `for…of` walks.
  for (const v of index.variables) {
    const source = v.initializer ?? iteratedBy(ts, v);
    if (!source || !ts.isIdentifier(v.name) || analysis.functionAround(v) !== fn) continue;
    for (const syms of params) {
      const s = summaries.derives(source, syms) ? checker.getSymbolAtLocation(v.name) : undefined;
      if (s) syms.add(s);
    }
  }
  const out: (Release | undefined)[] = params.map(() => undefined);
  let self: Release | undefined;
  let scoped: Release | undefined;
  // Attribute a release made on `target` (a receiver or an argument) to what it derives from.
  const attribute = (target: TS.Expression | undefined, r: Release, typedScoped: boolean): void => {
    if (!target) return;
    if (isThisRooted(analysis, target)) self ??= r;
    params.forEach((syms, i) => {
      if (!out[i] && summaries.derives(target, syms)) out[i] = r;
    });
    if (typedScoped && !scoped && values.scopeOfNode(skipOuter(ts, target))) scoped = r;
  };
  // `using x = …` disposes x when the function returns.
  for (const v of index.variables) {
    if (v.parent.flags & ts.NodeFlags.Using && v.initializer && analysis.functionAround(v) === fn)
      attribute(v.initializer, { call: v.parent, name: 'using' }, true);
  }
  for (const call of index.calls) {
    if (!ts.isCallExpression(call) || analysis.functionAround(call) !== fn) continue;
    const release = releaseOf(analysis, call);
    if (release) {
      attribute(release.receiver, { call, name: release.name }, true);
      continue;
    }
    const callee = analysis.calleeOf(call);
    if (!callee || callee === fn) continue;
    const inner = releasesOf(analysis, callee);
    call.arguments.forEach((arg, j) => {
      const r = inner.params[paramAt(callee, j) ?? -1];
      if (r) attribute(arg, r, true);
    });
    if (inner.self) attribute(receiverOf(ts, call), inner.self, true);
    scoped ??= inner.scoped;
  }
  return { params: out, self, scoped };
}

/** `this`, `this.fw`, `this.queues[0]`: the method's own receiver or what it holds. */
function isThisRooted(analysis: AnalysisView, target: TS.Expression): boolean {
  return accessRoot(analysis.ts, target).kind === analysis.ts.SyntaxKind.ThisKeyword;
}
