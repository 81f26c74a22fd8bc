// Which calls can throw, for the checks that treat a fallible call in probe
// (or a constructor it runs) as an error path. Known from what can be known,
// never assumed of every call:
// - a kernel API member documented `@throws` (the Rust counterpart returns
//   `Result`: iomapRegion, requestIrq, Devres.new, Registration.new, …);
// - a function in the program whose body may throw: a `throw` no `catch` in
//   it handles, or a fallible call, transitively and across files;
// - a call whose signature returns `never` or asserts (`asserts x`);
// - a call given a function that may throw, unless the call is known to run
//   it later (a timer, a listener, a promise's `then`, a kernel API that
//   defers): `items.forEach((t) => check(t))`, `readPoll(() => bar.read32(0))`.
//   What a callee does with a function it is given is not followed, so any
//   other callee may call it before returning.
import { bottomUp } from '../calls/bottom-up.js';
import { possibleSignatures } from '../calls/possible-signatures.js';
import { type FunctionNode, isFunctionNode, skipOuter, walk } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export interface FallibleContext {
  readonly ts: TypeScript;
  readonly checker: TS.TypeChecker;
  calleeOf(call: TS.CallExpression | TS.NewExpression): FunctionNode | undefined;
  kernelCallee(call: TS.CallExpression | TS.NewExpression): TS.Declaration | undefined;
  /** Whether the call `arg` is given to runs it only later, after the call returns (see FileIndex.deferrals). */
  deferred(arg: TS.Expression): boolean;
}

type Call = TS.CallExpression | TS.NewExpression;

/** How deep the recursive walk across helpers goes before it switches to an explicit stack. */
const RECURSION_LIMIT = 64;

export class Fallibility {
  readonly #fns = new Map<FunctionNode, boolean>();
  readonly #calls = new WeakMap<Call, boolean>();
  readonly #busy = new Set<FunctionNode>();
  /** Per CFG node: every value's error-path check asks of the same nodes. */
  readonly #nodes = new WeakMap<TS.Node, boolean>();

  constructor(readonly cx: FallibleContext) {}

  /** Whether `call` can throw. */
  call(call: Call): boolean {
    let known = this.#calls.get(call);
    if (known === undefined) this.#calls.set(call, (known = this.#compute(call)));
    return known;
  }

  #compute(call: Call): boolean {
    const { ts, checker } = this.cx;
    if (this.#givenThrowingFunction(call)) return true;
    const kernel = this.cx.kernelCallee(call);
    if (kernel) return ts.getJSDocTags(kernel).some((t) => t.tagName.text === 'throws');
    if (ts.isCallExpression(call) && this.#mayEndAbruptly(call)) {
      const signature = checker.getResolvedSignature(call);
      const returns = signature?.getReturnType();
      if (returns && returns.flags & ts.TypeFlags.Never) return true;
      // `asserts x` (node:assert, a hand-written assert): it throws when the assertion fails.
      const predicate = signature && checker.getTypePredicateOfSignature(signature);
      if (predicate && (predicate.kind === ts.TypePredicateKind.AssertsIdentifier || predicate.kind === ts.TypePredicateKind.AssertsThis))
        return true;
    }
    const callee = this.cx.calleeOf(call);
    return callee !== undefined && this.mayThrow(callee);
  }

  /** Whether `call` is given a function that may throw, which it may run before returning. */
  #givenThrowingFunction(call: Call): boolean {
    for (const arg of call.arguments ?? []) {
      const fn = this.#functionPassed(arg);
      if (fn && !this.cx.deferred(arg) && this.mayThrow(fn)) return true;
    }
    return false;
  }

  /**
   * The function an argument passes, where the program declares it: written
   * inline, or named (a function, a method, a `const` that holds one).
   */
  #functionPassed(arg: TS.Expression): FunctionNode | undefined {
    const { ts, checker } = this.cx;
    const e = skipOuter(ts, arg);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
    if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) return undefined;
    let s = checker.getSymbolAtLocation(e);
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    const d = s?.valueDeclaration;
    if (!d) return undefined;
    if (isFunctionNode(ts, d)) return d;
    const init = ts.isVariableDeclaration(d) && d.parent.flags & ts.NodeFlags.Const && d.initializer && skipOuter(ts, d.initializer);
    return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
  }

  /**
   * Whether some signature the call may pick returns `never` or asserts: read
   * from the callee's possible signatures, so that most calls need no
   * resolving. A generic signature may return `never` by inference, so it is
   * resolved.
   */
  #mayEndAbruptly(call: TS.CallExpression): boolean {
    const { ts, checker } = this.cx;
    const signatures = possibleSignatures(ts, checker, call);
    if (!signatures) return true;
    return signatures.some((s) => {
      if (s.typeParameters && s.typeParameters.length > 0) return true;
      if (s.getReturnType().flags & ts.TypeFlags.Never) return true;
      const predicate = checker.getTypePredicateOfSignature(s);
      return (
        predicate !== undefined &&
        (predicate.kind === ts.TypePredicateKind.AssertsIdentifier || predicate.kind === ts.TypePredicateKind.AssertsThis)
      );
    });
  }

  /** Whether running `fn` can end in an exception. */
  mayThrow(fn: FunctionNode): boolean {
    const known = this.#fns.get(fn);
    if (known !== undefined) return known;
    // A recursive call adds nothing the outer round does not see.
    if (this.#busy.has(fn) || !fn.body) return false;
    // Recursively, stopping at the first throw, as long as the chain of helpers is short; past that, callees first
    // with an explicit stack (see bottomUp), so a chain as long as the program does not grow the call stack.
    if (this.#busy.size < RECURSION_LIMIT) {
      this.#busy.add(fn);
      try {
        const result = this.#throwsIn(fn.body);
        this.#fns.set(fn, result);
        return result;
      } finally {
        this.#busy.delete(fn);
      }
    }
    bottomUp(fn, {
      done: (f) => this.#fns.has(f),
      busy: this.#busy,
      callees: (f) => this.#callees(f),
      compute: (f) => this.#fns.set(f, f.body ? this.#throwsIn(f.body) : false),
    });
    return this.#fns.get(fn) ?? false;
  }

  /** The functions with bodies that `fn`'s own body calls (not its nested functions'). */
  #callees(fn: FunctionNode): FunctionNode[] {
    const out: FunctionNode[] = [];
    if (fn.body)
      for (const c of this.#callsIn(fn.body)) {
        const callee = this.cx.calleeOf(c);
        if (callee?.body) out.push(callee);
      }
    return out;
  }

  /**
   * Whether evaluating `ast` (one CFG node: an expression or a simple
   * statement, not the statements nested in it) can throw through a call.
   */
  node(ast: TS.Node): boolean {
    let known = this.#nodes.get(ast);
    if (known === undefined) this.#nodes.set(ast, (known = this.#nodeThrows(ast)));
    return known;
  }

  #nodeThrows(ast: TS.Node): boolean {
    const { ts } = this.cx;
    if (
      ts.isIfStatement(ast) ||
      ts.isIterationStatement(ast, false) ||
      ts.isSwitchStatement(ast) ||
      ts.isTryStatement(ast) ||
      ts.isBlock(ast)
    )
      return false;
    return this.#callsIn(ast).some((c) => this.call(c));
  }

  /**
   * The first fallible call evaluated after `value` is made and before the
   * statement holding it completes: a later argument (`new Self(start(),
   * register())`) or a call that takes it (`wrap(start())`). If it throws,
   * nothing holds the value.
   */
  after(value: TS.Node, statement: TS.Node): Call | undefined {
    const { ts } = this.cx;
    for (const c of this.#callsIn(statement)) {
      const later = c.getStart() >= value.end || (c.pos <= value.pos && c.end >= value.end && c !== value && encloses(ts, c, value));
      if (later && this.call(c)) return c;
    }
    return undefined;
  }

  /**
   * Whether `body` has a throw or fallible call that no `catch` in it
   * handles. Iterative, and whether a node is inside a `try` with a `catch`
   * is carried down rather than looked up: input depth costs neither stack
   * nor time.
   */
  #throwsIn(body: TS.Node): boolean {
    const { ts } = this.cx;
    let found = false;
    const caught = new Map<TS.Node, boolean>();
    walk(ts, body, (n) => {
      // A nested function or class runs later, if at all: its throws are not this body's.
      if (found || isFunctionNode(ts, n) || ts.isClassLike(n)) return false;
      const p = n.parent;
      const inTry =
        p !== undefined && ((caught.get(p) ?? false) || (ts.isTryStatement(p) && p.tryBlock === n && p.catchClause !== undefined));
      caught.set(n, inTry);
      if (inTry) return true;
      if (ts.isThrowStatement(n) || ((ts.isCallExpression(n) || ts.isNewExpression(n)) && this.call(n))) found = true;
      return !found;
    });
    return found;
  }

  #callsIn(ast: TS.Node): Call[] {
    const { ts } = this.cx;
    const out: Call[] = [];
    walk(ts, ast, (n) => {
      if (isFunctionNode(ts, n) || ts.isClassLike(n)) return false;
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) out.push(n);
      return true;
    });
    return out;
  }
}

/** `inner` is an argument (at any depth) of `outer`, so `outer` runs after it. */
function encloses(ts: TypeScript, outer: Call, inner: TS.Node): boolean {
  for (let p = inner.parent; p && p !== outer; p = p.parent) if (isFunctionNode(ts, p)) return false;
  return true;
}
