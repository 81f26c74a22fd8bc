// "This function tears down X on every path": per-function summaries over
// the CFG, in terms of access paths from `this` or a parameter, so that a
// call site can translate them (`self.gpu.unbind(pdev)` tears down
// `self.gpu`, and, through Gpu.unbind's summary, `self.gpu.#watchdog`).
import { bottomUp } from '../calls/bottom-up.js';
import { type Cfg, type CfgNode, certainCalls, firstUncoveredPath, suspendingNodes } from './cfg.js';
import { bindingPath, destructuredPath } from '../facts/origin.js';
import { type FunctionNode, isFunctionNode, skipOuter, within } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import { ELEMENT, type TeardownFacts } from '../facts/teardown-facts.js';
import { type AccessPath, elementsOf, isUnder, pathKey } from './access-paths.js';

export { type AccessPath, pathKey, showPath } from './access-paths.js';
import {
  EVERY_ELEMENT,
  type ElementSource,
  type IterationContext,
  elementSources,
  indexLoopOver,
  iteratedCollection,
  loopMayStopEarly,
  loopVariable,
} from './iteration.js';

/** A teardown a function performs on every normal path. */
export interface Teardown {
  readonly path: AccessPath;
  readonly method: string;
}

export interface TeardownFlowContext {
  readonly ts: TypeScript;
  readonly checker: TS.TypeChecker;
  readonly teardown: TeardownFacts;
  cfgOf(fn: FunctionNode): Cfg;
  calleeOf(call: TS.CallExpression | TS.NewExpression): FunctionNode | undefined;
  /** Whether evaluating a node can throw (a fallible call): an error path wherever a teardown must run. */
  mayThrow(this: void, node: CfgNode): boolean;
  /** Whether running a function can end in an exception (see Fallibility.mayThrow). */
  functionMayThrow(this: void, fn: FunctionNode): boolean;
}

export class TeardownFlow {
  readonly #summaries = new Map<FunctionNode, readonly Teardown[]>();
  readonly #byNode = new Map<FunctionNode, Map<number, Teardown[]>>();
  readonly #busy = new Set<FunctionNode>();
  #iterationContext: IterationContext | undefined;

  constructor(readonly cx: TeardownFlowContext) {}

  /** The access path an expression denotes inside `fn`, through `const` aliases. */
  pathOf(expr: TS.Expression, fn: FunctionNode, depth = 0): AccessPath | undefined {
    const { ts, checker } = this.cx;
    const steps: string[] = [];
    let e = skipOuter(ts, expr);
    while (ts.isPropertyAccessExpression(e)) {
      steps.unshift(e.name.text);
      e = skipOuter(ts, e.expression);
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) return { root: 'this', steps };
    // `c[i]` in the body of a loop that counts `i` over every index of `c`: an element of `c`.
    if (ts.isElementAccessExpression(e) && depth < 4) {
      const walked = this.#indexedBy(e);
      const inner = walked && this.pathOf(walked, fn, depth + 1);
      return inner ? { root: inner.root, steps: [...inner.steps, ELEMENT, ...steps] } : undefined;
    }
    if (!ts.isIdentifier(e)) return undefined;
    const s = checker.getSymbolAtLocation(e);
    const decl = s?.valueDeclaration;
    if (!s || !decl) return undefined;
    if (ts.isParameter(decl) && decl.parent === fn) return { root: fn.parameters.indexOf(decl), steps };
    // `unbind(pdev, { timer })`: `timer` is the second parameter's `timer`.
    const param = bindingPath(ts, decl);
    if (param && ts.isParameter(param.holder) && param.holder.parent === fn)
      return { root: fn.parameters.indexOf(param.holder), steps: [...param.properties, ...steps] };
    const iterated = depth < 4 ? this.#iteratedBy(decl) : undefined;
    if (iterated) {
      const inner = this.pathOf(iterated, fn, depth + 1);
      if (inner) return { root: inner.root, steps: [...inner.steps, ELEMENT, ...steps] };
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer && depth < 4 && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      const inner = this.pathOf(decl.initializer, fn, depth + 1);
      if (inner) return { root: inner.root, steps: [...inner.steps, ...steps] };
    }
    // `const { timer } = self` is `self.timer`, as `const timer = self.timer` is.
    const picked = depth < 4 ? destructuredPath(ts, decl) : undefined;
    if (picked) {
      const inner = this.pathOf(picked.source, fn, depth + 1);
      if (inner) return { root: inner.root, steps: [...inner.steps, ...picked.properties, ...steps] };
    }
    return { root: s, steps };
  }

  /**
   * The collection whose elements a loop variable takes, for
   * `for (const x of c)`, `for (const x of c.values())` and a map's
   * `for (const [, x] of m)`; undefined for anything else.
   */
  #iteratedBy(decl: TS.Declaration): TS.Expression | undefined {
    const { ts } = this.cx;
    let binding: TS.Node = decl;
    let entryValue = false;
    if (
      ts.isBindingElement(decl) &&
      ts.isArrayBindingPattern(decl.parent) &&
      decl.parent.elements.indexOf(decl) === 1 &&
      !decl.dotDotDotToken
    ) {
      binding = decl.parent.parent;
      entryValue = true;
    }
    if (!ts.isVariableDeclaration(binding) || !ts.isVariableDeclarationList(binding.parent) || binding.parent.declarations.length !== 1)
      return undefined;
    const loop = binding.parent.parent;
    return ts.isForOfStatement(loop) ? this.#collectionOf(loop, entryValue) : undefined;
  }

  /** The collection `c` of `c[i]`, where `i` counts over every index of it (see indexLoopOver). */
  #indexedBy(access: TS.ElementAccessExpression): TS.Expression | undefined {
    const { ts, checker } = this.cx;
    const index = skipOuter(ts, access.argumentExpression);
    const decl = ts.isIdentifier(index) ? checker.getSymbolAtLocation(index)?.valueDeclaration : undefined;
    const loop = decl && ts.isVariableDeclaration(decl) ? decl.parent.parent : undefined;
    const walk = loop && ts.isForStatement(loop) ? indexLoopOver(ts, loop) : undefined;
    if (!walk || walk.counter !== decl) return undefined;
    const base = skipOuter(ts, access.expression);
    return base.getText() === walk.collection.getText() && this.cx.teardown.elementOf(this.declaredTypeOf(base)) ? base : undefined;
  }

  /**
   * The collection a `for…of` walks (`c` in `of c`, `of c.values()`, and
   * copies such as `of [...c]`), when its elements are values of a standard
   * collection.
   */
  #collectionOf(loop: TS.ForOfStatement, entryValue = false): TS.Expression | undefined {
    if (loop.awaitModifier) return undefined;
    const walked = iteratedCollection(this.#iteration, loop.expression);
    if (!walked) return undefined;
    // `[, v]` destructures a map's entries; `.values()` and other collections yield the values themselves.
    const yieldsEntries = walked.viaEntries || (!walked.viaValues && this.cx.teardown.isMap(this.declaredTypeOf(walked.collection)));
    return entryValue === yieldsEntries ? walked.collection : undefined;
  }

  get #iteration(): IterationContext {
    return (this.#iterationContext ??= {
      ts: this.cx.ts,
      checker: this.cx.checker,
      teardown: this.cx.teardown,
      declaredTypeOf: (e) => this.declaredTypeOf(e),
    });
  }

  /** The teardowns a call performs, in terms of paths in the caller `fn`. */
  teardownsOfCall(call: TS.CallExpression, fn: FunctionNode): Teardown[] {
    const { ts, teardown } = this.cx;
    const out: Teardown[] = [];
    const callee = skipOuter(ts, call.expression);
    // `s[Symbol.dispose]()` has a receiver too, for the callee's summary.
    const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
    if (receiver && ts.isPropertyAccessExpression(callee)) {
      const methods = teardown.methodsOf(this.declaredTypeOf(receiver));
      const path = methods.has(callee.name.text) ? this.pathOf(receiver, fn) : undefined;
      if (path) out.push({ path, method: callee.name.text });
    }
    // `c.forEach((x) => x.m())` (or `map`, `filter`, …) tears down every element of `c`; `[a, b].forEach(…)` tears
    // down `a` and `b`, and `[...c, d].forEach(…)` every element of `c` and `d`.
    const cb = call.arguments[0] ? skipOuter(ts, call.arguments[0]) : undefined;
    if (
      receiver &&
      cb &&
      (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) &&
      ts.isPropertyAccessExpression(callee) &&
      EVERY_ELEMENT.has(callee.name.text) &&
      teardown.elementOf(this.declaredTypeOf(receiver)) &&
      // A callback that throws stops the walk: the elements after it are not torn down.
      !this.cx.functionMayThrow(cb)
    ) {
      for (const source of elementSources(this.#iteration, receiver)) {
        const base = this.#sourcePath(source, fn);
        if (!base) continue;
        for (const t of this.summaryOf(cb))
          if (t.path.root === 0) out.push({ path: { root: base.root, steps: [...base.steps, ...t.path.steps] }, method: t.method });
      }
    }
    const target = this.cx.calleeOf(call);
    if (target && target !== fn) {
      for (const t of this.summaryOf(target)) {
        const base =
          t.path.root === 'this'
            ? receiver
              ? this.pathOf(receiver, fn)
              : undefined
            : typeof t.path.root === 'number' && call.arguments[t.path.root]
              ? this.pathOf(call.arguments[t.path.root] as TS.Expression, fn)
              : undefined;
        if (base) out.push({ path: { root: base.root, steps: [...base.steps, ...t.path.steps] }, method: t.method });
      }
    }
    return out;
  }

  /**
   * The type a value is declared with. Not the narrowed type at the
   * location: in a branch that narrows `self.timer` to `never`, it still owes
   * its teardown.
   */
  declaredTypeOf(e: TS.Expression): TS.Type {
    const { ts, checker } = this.cx;
    const x = skipOuter(ts, e);
    const s = ts.isPropertyAccessExpression(x)
      ? checker.getSymbolAtLocation(x.name)
      : ts.isIdentifier(x)
        ? checker.getSymbolAtLocation(x)
        : undefined;
    return s?.valueDeclaration ? checker.getTypeOfSymbol(s) : checker.getTypeAtLocation(x);
  }

  /** What `fn` tears down on every path to its normal exit, rooted at `this` or a parameter. */
  summaryOf(fn: FunctionNode): readonly Teardown[] {
    const known = this.#summaries.get(fn);
    if (known) return known;
    if (this.#busy.has(fn) || !fn.body) return [];
    bottomUp(fn, {
      done: (f) => this.#summaries.has(f),
      busy: this.#busy,
      callees: (f) => this.#callees(f),
      compute: (f) =>
        this.#summaries.set(f, f.body ? this.guaranteed(f, this.cx.cfgOf(f).entry).filter((t) => typeof t.path.root !== 'object') : []),
    });
    return this.#summaries.get(fn) ?? [];
  }

  /** What `fn`'s teardowns are made from: the functions its certain calls run, and the callbacks it hands `forEach`. */
  *#callees(fn: FunctionNode): Iterable<FunctionNode> {
    const { ts } = this.cx;
    for (const n of this.cx.cfgOf(fn).nodes) {
      for (const c of certainCalls(ts, n.ast)) {
        const target = this.cx.calleeOf(c);
        if (target?.body) yield target;
        const cb = c.arguments[0] && skipOuter(ts, c.arguments[0]);
        if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) yield cb;
      }
    }
  }

  /**
   * Teardowns sure to happen on every path from `from` out of `fn`: to its
   * normal exit, and to its exceptional one, through an explicit `throw` or a
   * call that may throw: error paths hold in unbind, dispose and the helpers
   * they call, as in probe. An async function has returned at its first
   * `await`: a teardown after it happens after the call, when unbind is over.
   */
  guaranteed(fn: FunctionNode, from: number): Teardown[] {
    const cfg = this.cx.cfgOf(fn);
    const suspends = suspendingNodes(this.cx.ts, cfg);
    const byNode = this.#teardownsByNode(fn, cfg);
    const candidates = new Map<string, Teardown>();
    for (const list of byNode.values()) for (const t of list) candidates.set(pathKey(t.path, t.method), t);
    const out: Teardown[] = [];
    for (const [key, t] of candidates) {
      const covered = (id: number): boolean => byNode.get(id)?.some((x) => pathKey(x.path, x.method) === key) ?? false;
      if (!firstUncoveredPath(cfg, from, [cfg.returnExit, cfg.throwExit], covered, this.cx.mayThrow, suspends)) out.push(t);
    }
    return out;
  }

  /** Each CFG node's certain teardowns, computed once per function. */
  #teardownsByNode(fn: FunctionNode, cfg: Cfg): Map<number, Teardown[]> {
    const known = this.#byNode.get(fn);
    if (known) return known;
    const out = new Map<number, Teardown[]>();
    for (const n of cfg.nodes) {
      const list = certainCalls(this.cx.ts, n.ast).flatMap((c) => this.teardownsOfCall(c, fn));
      list.push(...this.#elementTeardowns(n.ast, fn), ...this.#guardedTeardowns(n.ast, fn));
      if (list.length > 0) out.set(n.id, list);
    }
    this.#byNode.set(fn, out);
    return out;
  }

  /**
   * At a `for…of` head: the teardowns its body performs on the loop variable
   * before anything can branch. They cover the whole collection, so they
   * count at the head, which every path passes even when the loop runs zero
   * times (an empty collection owes nothing).
   */
  #elementTeardowns(ast: TS.Node | undefined, fn: FunctionNode): Teardown[] {
    const { ts } = this.cx;
    const loop = ast?.parent;
    if (!ast || !loop || !(ts.isForStatement(loop) || ts.isForOfStatement(loop)) || this.#mayLeaveEarly(loop, fn)) return [];
    // `for (let i = 0; i < c.length; i++) c[i].m()`: at the condition, which every path passes.
    if (ts.isForStatement(loop) && loop.condition === ast) {
      const walk = indexLoopOver(ts, loop);
      const iterated = walk && this.pathOf(walk.collection, fn);
      return iterated ? this.#bodyTeardowns(loop.statement, fn, (t) => isUnder(t.path, elementsOf(iterated)) && [t]) : [];
    }
    if (!ts.isForOfStatement(loop) || loop.expression !== ast) return [];
    const collection = this.#collectionOf(loop) ?? this.#collectionOf(loop, true);
    const iterated = collection && this.pathOf(collection, fn);
    if (iterated) return this.#bodyTeardowns(loop.statement, fn, (t) => isUnder(t.path, elementsOf(iterated)) && [t]);
    // `for (const t of [...a, b])`: the loop variable's teardowns, for each of the values it takes.
    const variable = loopVariable(ts, loop);
    const symbol = variable && this.cx.checker.getSymbolAtLocation(variable);
    if (!symbol || loop.awaitModifier || !ts.isArrayLiteralExpression(skipOuter(ts, loop.expression))) return [];
    const bases = elementSources(this.#iteration, loop.expression).map((source) => this.#sourcePath(source, fn));
    return this.#bodyTeardowns(loop.statement, fn, (t) =>
      t.path.root === symbol
        ? bases.flatMap((b) => (b ? [{ path: { root: b.root, steps: [...b.steps, ...t.path.steps] }, method: t.method }] : []))
        : false,
    );
  }

  /** The path of what a walk takes from `source`: the value itself, or every element of the collection. */
  #sourcePath(source: ElementSource, fn: FunctionNode): AccessPath | undefined {
    if ('value' in source) return this.pathOf(source.value, fn);
    const collection = this.pathOf(source.elementsOf, fn);
    return collection && elementsOf(collection);
  }

  /** Whether a loop may stop before its last element (see loopMayStopEarly). */
  #mayLeaveEarly(loop: TS.ForStatement | TS.ForOfStatement, fn: FunctionNode): boolean {
    const nodes = this.cx.cfgOf(fn).nodes;
    return loopMayStopEarly(this.cx.ts, loop, () =>
      nodes.some((n) => n.ast !== undefined && within(n.ast, loop.statement) && this.cx.mayThrow(n)),
    );
  }

  /** The teardowns a loop body's first statements perform, before anything can branch, as `keep` maps them. */
  #bodyTeardowns(statement: TS.Statement, fn: FunctionNode, keep: (t: Teardown) => readonly Teardown[] | false): Teardown[] {
    const { ts } = this.cx;
    const out: Teardown[] = [];
    const body = ts.isBlock(statement) ? statement.statements : [statement];
    for (const st of body) {
      if (!ts.isExpressionStatement(st) && !ts.isVariableStatement(st)) break;
      for (const c of certainCalls(ts, st)) for (const t of this.teardownsOfCall(c, fn)) out.push(...(keep(t) || []));
    }
    return out;
  }

  /**
   * At `if (h !== undefined) h.m()` (also `!= null`, or `if (h)`), with no
   * else: the teardown of `h` counts at the condition, since when `h` is
   * absent there is nothing to tear down (as `h?.m()` counts).
   */
  #guardedTeardowns(ast: TS.Node | undefined, fn: FunctionNode): Teardown[] {
    const { ts } = this.cx;
    const stmt = ast?.parent;
    if (!ast || !stmt || !ts.isIfStatement(stmt) || stmt.expression !== ast || stmt.elseStatement) return [];
    const c = skipOuter(ts, stmt.expression);
    const tested =
      ts.isBinaryExpression(c) &&
      [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(c.operatorToken.kind) &&
      /^(undefined|null)$/.test(c.right.getText())
        ? c.left
        : ts.isIdentifier(c) || ts.isPropertyAccessExpression(c)
          ? c
          : undefined;
    const guarded = tested && this.pathOf(tested, fn);
    if (!guarded) return [];
    const first = ts.isBlock(stmt.thenStatement) ? stmt.thenStatement.statements[0] : stmt.thenStatement;
    if (!first || (!ts.isExpressionStatement(first) && !ts.isVariableStatement(first))) return [];
    return certainCalls(ts, first)
      .flatMap((call) => this.teardownsOfCall(call, fn))
      .filter((t) => isUnder(t.path, guarded));
  }

  /**
   * Nodes of `cfg` whose certain calls tear down `path` (any of `methods`),
   * or, with `within`, anything reached through `path` (`s.timer` for `s`).
   */
  coveringNodes(fn: FunctionNode, path: AccessPath, methods: ReadonlySet<string> | undefined, within = false): Set<number> {
    const cfg = this.cx.cfgOf(fn);
    const want = pathKey(path);
    const out = new Set<number>();
    for (const [id, list] of this.#teardownsByNode(fn, cfg)) {
      if (list.some((t) => (methods === undefined || methods.has(t.method)) && (within ? isUnder(t.path, path) : pathKey(t.path) === want)))
        out.add(id);
    }
    return out;
  }
}

/** Whether `n` sits inside a function nested in `fn` (rather than in `fn` itself). */
export function inNestedFunction(ts: TypeScript, n: TS.Node, fn: FunctionNode): boolean {
  for (let p = n.parent; p && p !== fn; p = p.parent) if (isFunctionNode(ts, p)) return true;
  return false;
}
