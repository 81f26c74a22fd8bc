// Values that hold others, beyond what their types say: a function bound to
// a value, a literal a local holds (`const ops = { go() { pdev.x(); } }`), an
// instance of a class declared in a function (its methods close over that
// function's variables), a generator object (its body runs when resumed,
// with what its function was given).
import { possibleSignatures } from '../calls/possible-signatures.js';
import type { LocalValues } from './local-values.js';
import { type FunctionNode, enclosingFunction, isFunctionNode, isModuleScope, nonNullable, skipOuter, text } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import { type Capture, type ScopedValue, describeValue, rankOf } from './describe.js';

export interface HoldersContext {
  readonly ts: TypeScript;
  readonly checker: TS.TypeChecker;
  readonly locals: LocalValues;
  scoped(e: TS.Expression): ScopedValue | undefined;
  captures(fn: FunctionNode): readonly Capture[];
}

export class Holders {
  /** Locals whose literal values are being read (see literalThrough). */
  readonly #followed = new Set<TS.Symbol>();

  constructor(readonly cx: HoldersContext) {}

  /** A bound function a local name may hold (see #possibleValues). */
  boundThrough(name: TS.Identifier): ScopedValue | undefined {
    for (const v of this.cx.locals.possibleValues(name)) {
      const b = this.boundTo(skipOuter(this.cx.ts, v));
      if (b) return b;
    }
    return undefined;
  }

  /**
   * `job.run`, where a local `job` holds an object literal: what that
   * member holds (a method or a function property that captures, a value).
   */
  memberThrough(e: TS.PropertyAccessExpression): ScopedValue | undefined {
    const ts = this.cx.ts;
    const base = skipOuter(ts, e.expression);
    if (!ts.isIdentifier(base)) return undefined;
    return this.#throughValues(base, (v) => {
      const literal = skipOuter(ts, v);
      if (!ts.isObjectLiteralExpression(literal)) return undefined;
      const member = literal.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === e.name.text);
      if (!member) return undefined;
      return ts.isMethodDeclaration(member)
        ? this.capturing(member, `\`${text(e)}\`, a method that captures`)
        : ts.isPropertyAssignment(member)
          ? this.cx.scoped(member.initializer)
          : ts.isShorthandPropertyAssignment(member)
            ? this.cx.scoped(member.name)
            : undefined;
    });
  }

  /**
   * The first of what `each` finds in the values a local name may hold (see
   * possibleValues), each name followed once at a time: `let a = {}; a = { prev: a }`.
   */
  #throughValues(name: TS.Identifier, each: (value: TS.Expression) => ScopedValue | undefined): ScopedValue | undefined {
    const s = this.cx.checker.getSymbolAtLocation(name);
    if (!s || this.#followed.has(s)) return undefined;
    this.#followed.add(s);
    try {
      for (const v of this.cx.locals.possibleValues(name)) {
        const held = each(v);
        if (held) return held;
      }
      return undefined;
    } finally {
      this.#followed.delete(s);
    }
  }

  /** A function (a method, whose name stands for it) that captures a driver-scoped value, described as `what` and the value. */
  capturing(fn: FunctionNode, what: string): ScopedValue | undefined {
    const c = this.cx.captures(fn)[0];
    return c
      ? { node: fn.name as unknown as TS.Expression, scope: c.scope, capture: c, description: `${what} ${describeValue(c.node, c.scope)}` }
      : undefined;
  }

  /** What an object or array literal (or a local class's instance) that a local name may hold holds (see possibleValues). */
  literalThrough(name: TS.Identifier): ScopedValue | undefined {
    const ts = this.cx.ts;
    return this.#throughValues(name, (v) => {
      const x = skipOuter(ts, v);
      const held = ts.isObjectLiteralExpression(x) || ts.isArrayLiteralExpression(x) ? this.cx.scoped(x) : this.made(x);
      if (!held) return undefined;
      // Named by the local: `ops` (holding …), not the literal's text.
      const shown = `\`${text(x)}\``;
      return held.description.startsWith(shown)
        ? { ...held, description: `\`${text(name)}\`${held.description.slice(shown.length)}` }
        : held;
    });
  }

  /** What `e` makes that holds driver-scoped values: an instance of a local class (see #localClassCapture), or a generator. */
  made(e: TS.Expression): ScopedValue | undefined {
    const ts = this.cx.ts;
    if (ts.isNewExpression(e)) return this.#localClassCapture(e);
    if (ts.isCallExpression(e)) return this.#generatorOf(e);
    return undefined;
  }

  /**
   * A call of a generator function: its body runs when the object it gives
   * is resumed, so that object holds what the call was given.
   */
  #generatorOf(e: TS.CallExpression): ScopedValue | undefined {
    const ts = this.cx.ts;
    if (e.arguments.length === 0) return undefined;
    const signatures = possibleSignatures(ts, this.cx.checker, e);
    const generators = (signatures ?? []).map((sig) => sig.getDeclaration() as TS.SignatureDeclaration | undefined);
    if (generators.length === 0 || !generators.every((d) => d && 'asteriskToken' in d && d.asteriskToken && 'body' in d && d.body))
      return undefined;
    for (const a of e.arguments) {
      const v = this.cx.scoped(ts.isSpreadElement(a) ? a.expression : a);
      if (v)
        return v.capture
          ? { ...v, node: e, description: `a generator over ${v.description}` }
          : {
              node: e,
              scope: v.scope,
              capture: { node: a, name: text(a), scope: v.scope },
              description: `a generator over ${v.description}`,
            };
    }
    return undefined;
  }

  /**
   * `new Local()` of a class declared inside a function: its methods close
   * over that function's variables, so the instance holds what they capture.
   */
  #localClassCapture(e: TS.NewExpression): ScopedValue | undefined {
    const ts = this.cx.ts;
    const callee = skipOuter(ts, e.expression);
    const decl = ts.isIdentifier(callee) ? this.cx.checker.getSymbolAtLocation(callee)?.valueDeclaration : undefined;
    const cls = decl && (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) ? decl : undefined;
    if (!cls || isModuleScope(ts, cls) || !enclosingFunction(ts, cls)) return undefined;
    for (const m of cls.members) {
      if (!isFunctionNode(ts, m)) continue;
      const c = this.cx.captures(m)[0];
      if (c)
        return {
          node: e,
          scope: c.scope,
          capture: c,
          description: `an instance of \`${cls.name?.text ?? 'a local class'}\`, whose methods capture ${describeValue(c.node, c.scope)}`,
        };
    }
    return undefined;
  }

  /** `f.bind(thisArg, ...args)` on a function: the first driver-scoped value it is bound to, as a capture. */
  boundTo(e: TS.Expression): ScopedValue | undefined {
    const ts = this.cx.ts;
    if (!ts.isCallExpression(e)) return undefined;
    const callee = skipOuter(ts, e.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'bind') return undefined;
    const target = this.cx.checker.getTypeAtLocation(callee.expression);
    if (this.cx.checker.getSignaturesOfType(nonNullable(ts, this.cx.checker, target), ts.SignatureKind.Call).length === 0) return undefined;
    const found = e.arguments
      .map((a) => ({ a, v: this.cx.scoped(a) }))
      .filter((x): x is { a: TS.Expression; v: ScopedValue } => x.v !== undefined && !x.v.capture);
    const best = found.sort((x, y) => rankOf(y.v.scope) - rankOf(x.v.scope))[0];
    if (!best) return undefined;
    const capture: Capture = { node: best.a, name: text(best.a), scope: best.v.scope };
    return { node: e, scope: best.v.scope, capture, description: `a function bound to ${best.v.description}` };
  }
}
