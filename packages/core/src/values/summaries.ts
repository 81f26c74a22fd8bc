// Per-function summaries: what a function does with each parameter ("param 0
// reaches module-level `devices`", "param 0 is kept in field `pdev`"). They
// let a call site see through helpers, in this file or another, and are
// computed once per function for the whole program.
import { bottomUp } from '../calls/bottom-up.js';
import { isNonRetaining, libraryMemberOf } from '../calls/library.js';
import type { FileIndex } from '../facts/file-index.js';
import type { FunctionItems } from '../facts/function-items.js';
import { type FunctionNode, accessRoot, isFunctionNode, primitiveFlags, skipOuter, text, walk, within } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import { type World, type WorldTarget, locationOf } from '../facts/world.js';
import { spelledAs, spelledIn, spellingText } from './spelling.js';

export interface Effect {
  /** `world`: reaches the rest of the world; `kept`: stored beyond the call (a field, a container, a deferred closure). */
  readonly kind: 'world' | 'kept';
  /** "module-level `devices`", "field `pdev` of `SampleDriver`", "a closure handed to `setTimeout`" */
  readonly where: string;
  /** Where the helper does it, for messages: `helpers.ts:12`. */
  readonly location: string;
  /**
   * Kept in storage of the method's own receiver (`this.#items.set(k, v)`):
   * a call on a receiver that is itself world storage (`pool.put(k, v)` with
   * a module-level `pool`) reaches the world.
   */
  readonly onThis?: boolean;
  /** Kept in what another parameter holds (`list.push(x)` with `list` a parameter): world storage when the caller's argument is. */
  readonly intoParam?: number;
}

export interface Summary {
  readonly params: readonly (readonly Effect[])[];
}

const EMPTY: Summary = { params: [] };

/** A call of a function with a body here: directly, or through `f.call(t, …)`, `f.apply(t, [...])`, `Reflect.apply(f, t, [...])`. */
export interface Invocation {
  readonly callee: FunctionNode;
  /** The `this` it runs with, when there is one. */
  readonly receiver: TS.Expression | undefined;
  /** What its parameters receive, in order (an `apply`'s array literal spread out). */
  readonly args: readonly TS.Expression[];
}

/** A call into code with no body here, with world storage as its receiver or among its arguments (see reach/handoffs). */
export interface WorldHandoff {
  readonly callee: string;
  readonly target: WorldTarget;
  /** What it is given besides that storage. */
  readonly args: readonly TS.Expression[];
  /** Whether a callback given to it is known not to run later. */
  readonly synchronous: boolean;
}

export interface SummaryContext {
  readonly ts: TypeScript;
  readonly checker: TS.TypeChecker;
  readonly world: World;
  indexOf(file: TS.SourceFile): FileIndex;
  itemsOf(fn: FunctionNode): FunctionItems;
  /** The function a call runs, and with what, when it can be known statically. */
  invocationOf(call: TS.CallExpression | TS.NewExpression): Invocation | undefined;
  /** What a call into unseen code is handed, when it is handed world storage too; or a callback, for `keptCallbacks`. */
  handoffOf(
    call: TS.CallExpression | TS.NewExpression,
  ): { readonly world: WorldHandoff | undefined; readonly later: readonly TS.Expression[] } | undefined;
  /** Whether a timer's callback never runs: the timer is cleared before it can (see reach/cleared-timers). */
  neverRuns(deferral: TS.Node): boolean;
}

export class Summaries {
  readonly #done = new Map<FunctionNode, Summary>();
  readonly #busy = new Set<FunctionNode>();

  constructor(readonly cx: SummaryContext) {}

  of(fn: FunctionNode): Summary {
    const done = this.#done.get(fn);
    if (done) return done;
    // Recursion: a function that calls itself contributes nothing new on the inner round.
    if (this.#busy.has(fn) || !fn.body || fn.getSourceFile().isDeclarationFile) return EMPTY;
    bottomUp(fn, {
      done: (f) => this.#done.has(f),
      busy: this.#busy,
      callees: (f) => this.#callees(f),
      compute: (f) => this.#done.set(f, this.#compute(f)),
    });
    return this.#done.get(fn) ?? EMPTY;
  }

  /** The functions with bodies `fn` calls, whose summaries its own is made from. */
  *#callees(fn: FunctionNode): Iterable<FunctionNode> {
    for (const call of this.cx.itemsOf(fn).calls) {
      const callee = this.cx.invocationOf(call)?.callee;
      if (callee?.body && !callee.getSourceFile().isDeclarationFile) yield callee;
    }
  }

  #compute(fn: FunctionNode): Summary {
    const { ts, checker } = this.cx;
    const items = this.cx.itemsOf(fn);
    const params = fn.parameters.map((p) => {
      const syms = new Set<TS.Symbol>();
      if (ts.isIdentifier(p.name)) {
        const s = checker.getSymbolAtLocation(p.name);
        if (s) syms.add(s);
      }
      return syms;
    });
    // Local aliases: `const d = pdev`, `const regs = { pdev }`.
    // `for (const v of p)`: each element of `p` is `p`'s too.
    for (const v of items.variables) {
      const source = v.initializer ?? iteratedBy(ts, v);
      if (!source || !ts.isIdentifier(v.name)) continue;
      for (const syms of params) {
        if (this.derives(source, syms)) {
          const s = checker.getSymbolAtLocation(v.name);
          if (s) syms.add(s);
        }
      }
    }
    const effects: Effect[][] = params.map(() => []);
    const add = (i: number, e: Effect): void => {
      const list = effects[i];
      if (list && !list.some((x) => x.kind === e.kind && x.where === e.where)) list.push(e);
    };
    const className = (): string => {
      const cls = fn.parent;
      return cls && ts.isClassLike(cls) && cls.name ? cls.name.text : 'the object';
    };

    for (const w of items.writes) {
      // Where it is written matters only for a value of a parameter's: asked then, once.
      let target: WorldTarget | null | undefined = null;
      params.forEach((syms, i) => {
        if (!this.derives(w.value, syms)) return;
        if (target === null) target = this.cx.world.targetOf(w.target, 0, w.how !== 'assign');
        if (target) add(i, { kind: 'world', where: target.description, location: locationOf(w.at) });
        else if (!this.isFreshLocal(w.target, fn)) {
          const into = params.findIndex((other, k) => k !== i && this.derives(accessRoot(ts, w.target), other));
          add(i, {
            kind: 'kept',
            where: keptWhere(ts, w.target),
            location: locationOf(w.at),
            ...(rootedAtThis(ts, w.target) ? { onThis: true } : {}),
            ...(into >= 0 ? { intoParam: into } : {}),
          });
        }
      });
    }
    for (const d of items.deferrals) {
      if (d.how === 'timer' && this.cx.neverRuns(d.at)) continue;
      params.forEach((syms, i) => {
        if (!this.derives(d.value, syms)) return;
        const world =
          d.how === 'timer' ||
          d.how === 'dropped-work' ||
          (d.how === 'listener' && d.receiver && this.cx.world.targetOf(d.receiver, 0, true));
        add(i, { kind: world ? 'world' : 'kept', where: `a closure handed to \`${d.sink}\``, location: locationOf(d.at) });
      });
    }
    // A value used after an `await` in an async function nested here is used after this call returns: it is kept. (Read
    // only where the body has an async function at all: the walk is not free.)
    const file = fn.getSourceFile().text;
    const asyncAt = fn.body ? file.indexOf('async', fn.body.pos) : -1;
    if (fn.body && asyncAt >= 0 && asyncAt < fn.body.end) {
      const body = fn.body;
      params.forEach((syms, i) => {
        const late = usedAfterAwait(ts, body, (n) => this.derives(n, syms));
        if (late) add(i, { kind: 'kept', where: 'an async function that uses it after an `await`', location: locationOf(late) });
      });
    }
    // Parameter properties (`constructor(readonly pdev: …)`), as the file index counts fields.
    if (ts.isConstructorDeclaration(fn)) {
      fn.parameters.forEach((f, i) => {
        if ((ts.getModifiers(f)?.length ?? 0) > 0)
          add(i, { kind: 'kept', where: `field \`${f.name.getText()}\` of \`${className()}\``, location: locationOf(f) });
      });
    }
    // Inserts and merges above are writes already, whoever inserts.
    const written = new Set<TS.Node>(items.writes.map((w) => w.at));
    for (const call of items.calls) {
      // Code drvlint cannot see, handed world storage: it may keep the rest of what it is given there. A callback it is
      // handed may run later, unless it is known not to: the helper's caller hands its value on to later.
      // Only a call given something of a parameter's can do anything with it.
      const given = (call.arguments ?? []).some((a) => params.some((syms) => this.derives(a, syms)));
      const h = given ? this.cx.handoffOf(call) : undefined;
      if (h) {
        params.forEach((syms, i) => {
          for (const arg of h.world?.args ?? []) {
            if (!written.has(arg) && this.derives(arg, syms))
              add(i, {
                kind: 'world',
                where: `${h.world?.target.description} (handed to \`${h.world?.callee}\`)`,
                location: locationOf(arg),
              });
          }
          for (const arg of h.later) {
            if (this.derives(arg, syms))
              add(i, { kind: 'kept', where: `a callback handed to \`${text(call.expression)}\``, location: locationOf(arg) });
          }
        });
        continue;
      }
      const inv = this.cx.invocationOf(call);
      const callee = inv?.callee;
      if (!inv || !callee || callee === fn) continue;
      const inner = this.of(callee);
      const receiver = inv.receiver;
      const onOwnThis = receiver !== undefined && receiver.kind === ts.SyntaxKind.ThisKeyword;
      const receiverWorld = receiver && !onOwnThis ? this.cx.world.targetOf(receiver, 0, true) : undefined;
      inv.args.forEach((arg, j) => {
        for (const e of inner.params[paramAt(callee, j) ?? -1] ?? []) {
          params.forEach((syms, i) => {
            if (!this.derives(arg, syms)) return;
            const where = `${e.where} (through \`${text(call.expression)}\`)`;
            // Kept in what another argument holds: world storage when that argument is, else that argument's keeping.
            const holder = e.intoParam !== undefined ? inv.args[e.intoParam] : undefined;
            const holderWorld = holder ? this.cx.world.targetOf(holder, 0, true) : undefined;
            const holderParam = holder && !holderWorld ? params.findIndex((other) => this.derives(holder, other)) : -1;
            if (e.onThis && receiverWorld)
              add(i, {
                kind: 'world',
                where: `${e.where.replace(/^`this\./, '`')} of ${receiverWorld.description} (through \`${text(call.expression)}\`)`,
                location: e.location,
              });
            else if (holderWorld)
              add(i, { kind: 'world', where: `${holderWorld.description} (through \`${text(call.expression)}\`)`, location: e.location });
            else
              add(i, {
                kind: e.kind,
                where,
                location: e.location,
                ...(e.onThis && onOwnThis ? { onThis: true } : {}),
                ...(holderParam >= 0 && holderParam !== i ? { intoParam: holderParam } : {}),
              });
          });
        }
      });
    }
    return { params: effects };
  }

  /** Whether `e` holds (or is) a value of one of `syms`. */
  derives(expr: TS.Expression, syms: ReadonlySet<TS.Symbol>): boolean {
    if (syms.size === 0) return false;
    const text = spellingText(expr, syms);
    return (text === undefined || spelledIn(text, expr, syms)) && this.#derives(expr, syms, text);
  }

  /**
   * derives, with `text` the file's text when spelling tells (see
   * spellingText): then a part whose text names none of `syms` is not asked
   * about, and a name spelled otherwise is none of them.
   */
  #derives(expr: TS.Expression, syms: ReadonlySet<TS.Symbol>, text: string | undefined): boolean {
    const { ts, checker } = this.cx;
    const e = skipOuter(ts, expr);
    if (ts.isIdentifier(e)) {
      if (text !== undefined && !spelledAs(e, syms)) return false;
      const s = checker.getSymbolAtLocation(e);
      return s !== undefined && syms.has(s);
    }
    if (ts.isShorthandPropertyAssignment(e)) return false;
    if (ts.isSpreadElement(e)) return this.#derives(e.expression, syms, text);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (text !== undefined && !spelledIn(text, e.expression, syms)) return false;
      const t = checker.getTypeAtLocation(e);
      if (t.flags & primitiveFlags(ts)) return false;
      return this.#derives(e.expression, syms, text);
    }
    if (ts.isObjectLiteralExpression(e)) {
      return e.properties.some((p) =>
        ts.isPropertyAssignment(p)
          ? this.#derives(p.initializer, syms, text)
          : ts.isShorthandPropertyAssignment(p)
            ? syms.has(checker.getShorthandAssignmentValueSymbol(p) as TS.Symbol)
            : ts.isSpreadAssignment(p)
              ? this.#derives(p.expression, syms, text)
              : ts.isMethodDeclaration(p) && this.#mentions(p, syms, text),
      );
    }
    if (ts.isArrayLiteralExpression(e)) return e.elements.some((x) => this.#derives(ts.isSpreadElement(x) ? x.expression : x, syms, text));
    if (ts.isConditionalExpression(e)) return this.#derives(e.whenTrue, syms, text) || this.#derives(e.whenFalse, syms, text);
    if (
      ts.isBinaryExpression(e) &&
      (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    ) {
      return this.#derives(e.left, syms, text) || this.#derives(e.right, syms, text);
    }
    if (isFunctionNode(ts, e)) return this.#mentions(e, syms, text);
    // What code with no body here builds from a value may hold it (`new Error('…', { cause: v })`).
    if (ts.isNewExpression(e) || ts.isCallExpression(e)) {
      const args = e.arguments ?? [];
      if (text !== undefined && !args.some((a) => spelledIn(text, a, syms))) return false;
      if (this.cx.invocationOf(e)) return false;
      const member = libraryMemberOf(ts, checker, e);
      if (member && isNonRetaining(member)) return false;
      const t = checker.getTypeAtLocation(e);
      if (t.flags & primitiveFlags(ts)) return false;
      return args.some((a) => this.#derives(a, syms, text));
    }
    return false;
  }

  /** Whether any name in `n` denotes one of `syms`. */
  mentions(n: TS.Node, syms: ReadonlySet<TS.Symbol>): boolean {
    if (syms.size === 0) return false;
    const text = spellingText(n, syms);
    return (text === undefined || spelledIn(text, n, syms)) && this.#mentions(n, syms, text);
  }

  /** mentions, asking the checker only about names spelled as one of `syms` when `text` says spelling tells. */
  #mentions(n: TS.Node, syms: ReadonlySet<TS.Symbol>, text: string | undefined): boolean {
    const { ts, checker } = this.cx;
    let found = false;
    const visit = (c: TS.Node): void => {
      if (found) return;
      if (ts.isIdentifier(c) && (text === undefined || spelledAs(c, syms))) {
        const s = checker.getSymbolAtLocation(c);
        if (s && syms.has(s)) found = true;
      }
      ts.forEachChild(c, visit);
    };
    visit(n);
    return found;
  }

  /** `const m = new Map(); m.set(k, v)` inside the function: dies with it. */
  isFreshLocal(target: TS.Expression, fn: FunctionNode): boolean {
    const { ts, checker } = this.cx;
    const e = skipOuter(ts, target);
    if (!ts.isIdentifier(e)) return false;
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    return decl !== undefined && ts.isVariableDeclaration(decl) && within(decl, fn);
  }
}

/** The parameter an argument at `argIndex` binds to, counting a rest parameter. */
export function paramAt(fn: FunctionNode, argIndex: number): number | undefined {
  const last = fn.parameters.length - 1;
  if (argIndex <= last) return argIndex;
  return last >= 0 && fn.parameters[last]?.dotDotDotToken ? last : undefined;
}

/** The iterable of `for (const v of xs)`, for the declaration `v`. */
export function iteratedBy(ts: TypeScript, v: TS.VariableDeclaration): TS.Expression | undefined {
  const loop = v.parent.parent;
  return ts.isForOfStatement(loop) ? loop.expression : undefined;
}

/** The object a method call is made on: `pool` in `pool.put(k, v)`. */
export function receiverOf(ts: TypeScript, call: TS.CallExpression | TS.NewExpression): TS.Expression | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callee = skipOuter(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? skipOuter(ts, callee.expression) : undefined;
}

/** `this.items`, `this.#m.inner`: storage of the method's own receiver. */
function rootedAtThis(ts: TypeScript, target: TS.Expression): boolean {
  const root = accessRoot(ts, target);
  return root.kind === ts.SyntaxKind.ThisKeyword && root !== skipOuter(ts, target);
}

function keptWhere(ts: TypeScript, target: TS.Expression): string {
  return `\`${text(skipOuter(ts, target))}\``;
}

/** A use, by `uses`, after the first `await` of an async function nested in `body`. */
function usedAfterAwait(ts: TypeScript, body: TS.Node, uses: (e: TS.Expression) => boolean): TS.Node | undefined {
  let found: TS.Node | undefined;
  walk(ts, body, (n) => {
    if (found) return false;
    if (!isFunctionNode(ts, n) || !ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) || !n.body) return true;
    let awaited = false;
    walk(ts, n.body, (x) => {
      if (found) return false;
      if (ts.isAwaitExpression(x)) awaited = true;
      else if (awaited && ts.isIdentifier(x) && uses(x)) found = x;
      return true;
    });
    return false;
  });
  return found;
}
