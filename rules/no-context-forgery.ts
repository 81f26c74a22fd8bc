// no-context-forgery: nothing produces a device with a narrower context
// than the value had. Upgrading a context is the one thing types cannot
// check; the kernel makes `as_bound()` unsafe for that reason.
import {
  type AnalysisView,
  type ContextName,
  type FunctionNode,
  type TS,
  createRule,
  declaredTypeOfName,
  isLibSymbol,
  neverAny,
  possibleSignatures,
  propertyName,
  skipOuter,
  text,
} from '@drvlint/core';
import { indirectForgeries, thisContext, upgrades } from './shared/forged-shapes.js';
import { unprovenNarrowings } from './shared/unproven-narrowing.js';

type Ctx = ContextName | 'unknown';

const DIRECTIVE = /(?:\/\/|\/\*)\s*@ts-(ignore|expect-error)\b/g;

export default createRule({
  meta: {
    id: 'no-context-forgery',
    type: 'problem',
    description:
      'No type assertion, any/unknown round trip, @ts-ignore/@ts-expect-error or hand-built object produces a device with a narrower context than the value had.',
    messages: {
      assertion:
        '`{{expr}}` is asserted to be a {{to}} device, but it is {{from}}; a context upgrade cannot be checked (the kernel makes `as_bound()` unsafe for this reason).',
      memberThroughAny: '`{{member}}()` needs a {{to}} device, but `{{expr}}` is {{from}}; the cast to `{{cast}}` hides the upgrade.',
      anyFlow: 'A value of type `any` is used as a {{to}} device; nothing shows it is one.',
      directive: '`@ts-{{directive}}` hides a device context upgrade ({{from}} to {{to}}) on the next line.',
      handBuilt: 'A hand-built object is used as a {{to}} device; only the driver core makes devices.',
      generic: '`{{call}}` returns a {{to}} device made from {{from}} through a generic helper; a context upgrade cannot be checked.',
      predicate: 'The type predicate `{{predicate}}` claims a {{to}} device for {{from}}; a context upgrade cannot be checked.',
      functionCast:
        'The cast to `{{cast}}` makes a function that turns {{from}} into a {{to}} device; a context upgrade cannot be checked.',
      anyParam: '`{{member}}()` needs a {{to}} device, but `{{expr}}` is {{from}}; `{{helper}}` takes it as `any`/`unknown` and calls it.',
      nocheck: 'In this `@ts-nocheck` file, `{{expr}}` ({{from}}) is used as a {{to}} device, which the type check would have refused.',
      declared:
        '`{{call}}` returns a {{to}} device made from {{from}}: `{{callee}}` only declares it (no body, or a type it computes), so nothing checks the upgrade.',
      applied: '`{{call}}` runs {{to}}-only `{{member}}()` on `{{expr}}`, which is {{from}}; calling it this way hides the upgrade.',
      variance:
        'This callback takes a {{to}} device where `{{where}}` passes {{from}}; method parameters are checked both ways, so the upgrade goes unnoticed.',
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
  },
  check({ analysis, index, file, report }) {
    const { ts, checker, facts } = analysis;
    const ctxOf = (t: TS.Type): Ctx | undefined => facts.deviceContext(t);
    const ctxAt = (n: TS.Node): Ctx | undefined => ctxOf(checker.getTypeAtLocation(n));
    // A name declared with a type other than `any` is not `any` wherever it stands: narrowing does not make it so. One
    // declared `any` (or an evolving `let`) may hold something narrower at the reference: that is asked.
    const isAny = (n: TS.Node): boolean => {
      const declared = declaredTypeOfName(ts, checker, n);
      if (declared && !(declared.flags & ts.TypeFlags.Any)) return false;
      return (checker.getTypeAtLocation(n).flags & ts.TypeFlags.Any) !== 0;
    };
    const show = (c: Ctx | undefined, n: TS.Node): string =>
      c === undefined
        ? `\`${checker.typeToString(checker.getTypeAtLocation(n))}\``
        : c === 'unknown'
          ? 'a device of unknown context'
          : `a ${c} device`;

    for (const a of index.assertions) {
      if (isAssertion(ts, outermost(ts, a).parent)) continue; // report the outermost of a chain
      const inner = innermost(ts, a);
      const to = ctxOf(checker.getTypeFromTypeNode(a.type));
      if (to !== undefined) {
        const from = ctxAt(inner);
        if (!upgrades(from, to)) continue;
        const literal = ts.isObjectLiteralExpression(inner);
        report(
          literal
            ? { node: a, messageId: 'handBuilt', data: { to } }
            : { node: a, messageId: 'assertion', data: { expr: text(inner), to: to, from: show(from, inner) } },
        );
        continue;
      }
      // `(aref as any).setMaster()`: the member is looked up on what the value really is.
      const from = ctxAt(inner);
      const access = outermost(ts, a).parent;
      if (from === undefined || !ts.isPropertyAccessExpression(access) || !ts.isCallExpression(access.parent)) continue;
      const member = checker.getPropertyOfType(checker.getTypeAtLocation(inner), access.name.text);
      const needs = member ? thisContext(analysis, member) : undefined;
      if (needs && upgrades(from, needs)) {
        report({
          node: a,
          messageId: 'memberThroughAny',
          data: { member: access.name.text, to: needs, expr: text(inner), from: show(from, inner), cast: a.type.getText() },
        });
      }
    }

    // `any` flowing where a Bound or narrower device is expected, also as a member of an object or array literal there
    // (`const { dev }: { dev: Device<Core> } = { dev: blob }`).
    const expected = (e: TS.Expression, depth = 0): void => {
      let literal = e;
      while (ts.isParenthesizedExpression(literal)) literal = literal.expression;
      if (depth < MAX_DEPTH && ts.isObjectLiteralExpression(literal)) {
        for (const p of literal.properties) {
          if (ts.isPropertyAssignment(p)) expected(p.initializer, depth + 1);
          else if (ts.isShorthandPropertyAssignment(p)) expected(p.name, depth + 1);
        }
      } else if (depth < MAX_DEPTH && ts.isArrayLiteralExpression(literal)) {
        for (const el of literal.elements) if (!ts.isSpreadElement(el) && !ts.isOmittedExpression(el)) expected(el, depth + 1);
      }
      if (neverAny(ts, e) || !isAny(e)) return;
      const ct = checker.getContextualType(e);
      const to = ct ? ctxOf(ct) : undefined;
      if (upgrades(undefined, to)) report({ node: e, messageId: 'anyFlow', data: { to: to as string } });
    };
    // An annotation is the contextual type: read from it, the initializer need not be typed when it cannot hold a device.
    for (const v of index.variables)
      if (v.initializer && v.type && mayHoldDevice(analysis, checker.getTypeFromTypeNode(v.type), 0)) expected(v.initializer);
    for (const c of index.calls) {
      const args = c.arguments ?? [];
      if (args.length === 0) continue;
      // Typing every argument would resolve every call: only arguments whose parameter can be a device are looked at.
      const signatures = possibleSignatures(ts, checker, c);
      args.forEach((arg, i) => {
        if (!signatures || signatures.some((s) => mayExpectDevice(analysis, s, i))) expected(arg);
      });
    }
    index.returns.forEach((r, i) => {
      if (r.expression && returnMayExpectDevice(analysis, index.owners.returns[i])) expected(r.expression);
    });
    for (const w of index.writes) if (w.how === 'assign') expected(w.value);

    // Object literals typed as devices, and classes that implement one.
    const checked = isTypeChecked(file);
    const deviceNames = facts.namesEveryDeviceHas();
    for (const o of index.objectLiterals) {
      // A literal that lacks a property every device has is no device where the type check holds; its contextual type can cost resolving a whole call (an id table's).
      if (checked && lacksAny(ts, o, deviceNames)) continue;
      const outer = outermost(ts, o);
      const around = outer.parent;
      if (isAssertion(ts, around)) continue;
      // An argument's contextual type is its parameter's, and asking for it resolves the call (a driver definition's whole call).
      if (around && (ts.isCallExpression(around) || ts.isNewExpression(around)) && !argumentMayExpectDevice(analysis, around, outer))
        continue;
      const ct = checker.getContextualType(o);
      const to = ct ? ctxOf(ct) : undefined;
      if (upgrades(undefined, to)) report({ node: o, messageId: 'handBuilt', data: { to: to as string } });
    }
    for (const cls of index.classes) {
      for (const clause of cls.heritageClauses ?? []) {
        if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
        for (const t of clause.types) {
          const to = ctxAt(t);
          if (upgrades(undefined, to)) report({ node: t, messageId: 'handBuilt', data: { to: to as string } });
        }
      }
    }

    directives(analysis, file, index.calls, report);
    indirectForgeries(analysis, index, file, report);
    unprovenNarrowings(analysis, index, report);
  },
});

/** Whether the type check covers every line of `file`: a TypeScript file with no `@ts-nocheck`, `@ts-ignore` or `@ts-expect-error`. */
function isTypeChecked(file: TS.SourceFile): boolean {
  if (!/\.[cm]?tsx?$/.test(file.fileName)) return false; // JavaScript is checked only on request (`checkJs`, `@ts-check`)
  return !/@ts-(nocheck|ignore|expect-error)\b/.test(file.text);
}

/** Whether object literal `o` surely lacks a property named in `names`; never sure with a spread, a computed name or `__proto__`. */
function lacksAny(ts: AnalysisView['ts'], o: TS.ObjectLiteralExpression, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const has = new Set<string>();
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p) || !p.name) return false;
    const name = propertyName(ts, p.name);
    if (name === undefined || name === '__proto__') return false;
    has.add(name);
  }
  for (const n of names) if (!has.has(n)) return true;
  return false;
}

/** Whether `arg`, an argument of `call`, can have a device as its contextual type. */
function argumentMayExpectDevice(analysis: AnalysisView, call: TS.CallExpression | TS.NewExpression, arg: TS.Node): boolean {
  const i = call.arguments?.indexOf(arg as TS.Expression) ?? -1;
  if (i < 0) return true; // the callee or a type argument: not a parameter's
  const signatures = possibleSignatures(analysis.ts, analysis.checker, call);
  return !signatures || signatures.some((s) => mayExpectDevice(analysis, s, i));
}

/**
 * Whether argument `i` of a call resolved to `s` can have a device as its
 * contextual type: the parameter's declared type, or what instantiating it
 * can make. Instantiation keeps an object type's symbol (`DriverDef<S, I>`
 * stays a DriverDef), so only a type parameter, a conditional or indexed
 * type, or an intersection or union holding one, can become a device.
 */
function mayExpectDevice(analysis: AnalysisView, s: TS.Signature, i: number): boolean {
  const { ts, checker } = analysis;
  const params = s.parameters;
  const last = params[params.length - 1];
  const lastDecl = last?.valueDeclaration;
  const rest = lastDecl !== undefined && ts.isParameter(lastDecl) && lastDecl.dotDotDotToken !== undefined;
  let t: TS.Type | undefined;
  if (i < params.length - (rest ? 1 : 0)) t = checker.getTypeOfSymbol(params[i] as TS.Symbol);
  else if (rest && last) {
    t = checker.getIndexTypeOfType(checker.getTypeOfSymbol(last), ts.IndexKind.Number);
    if (!t) return true; // a tuple rest: not worth taking apart
  } else return false;
  return mayHoldDevice(analysis, t, 0);
}

/**
 * Whether a return in `fn` can have a device as its contextual type, which
 * is `fn`'s declared result: known from the annotation, and absent for a
 * function that declares none and is not contextually typed. Typing a
 * return expression checks most of the function, so this is asked first.
 */
function returnMayExpectDevice(analysis: AnalysisView, fn: FunctionNode | undefined): boolean {
  const { ts, checker } = analysis;
  if (!fn) return true; // a `return` at module level: a parse error, left as it was
  // async functions and generators contextually type what they resolve to or yield, not their result.
  if ((ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0 || ('asteriskToken' in fn && fn.asteriskToken)) return true;
  if (fn.type) return mayHoldDevice(analysis, checker.getTypeFromTypeNode(fn.type), 0);
  // Without an annotation only a contextually typed function (an expression, an object literal's method), an accessor (its setter's
  // parameter) or a constructor has a contextual result; a JavaScript file may annotate in JSDoc.
  const plain = ts.isFunctionDeclaration(fn) || (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent));
  return !plain || (fn.flags & ts.NodeFlags.JavaScriptFile) !== 0;
}

const MAX_DEPTH = 3;

/**
 * Whether `t`, or a member or element of it a literal can give, can be a
 * device: a Core device expected as `{ dev }` or `[dev]` is as forgeable as
 * one expected bare. Functions' types are not looked into (a callback
 * literal is checked where it returns), nor classes, nor library types other
 * than arrays.
 * A member typed by a type parameter (an id table's `Info`) is inferred from
 * what the literal gives, so it is no device unless given one.
 */
function mayHoldDevice(analysis: AnalysisView, t: TS.Type, depth: number): boolean {
  if (depth === 0 ? mayBeDevice(analysis, t) : analysis.facts.deviceContext(t) !== undefined) return true;
  if (depth >= MAX_DEPTH) return false;
  const { ts, checker } = analysis;
  if (t.isUnion()) return t.types.some((m) => mayHoldDevice(analysis, m, depth));
  if (!(t.flags & ts.TypeFlags.Object) || t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0) return false;
  if (checker.isArrayType(t) || checker.isTupleType(t))
    return checker.getTypeArguments(t as TS.TypeReference).some((a) => mayHoldDevice(analysis, a, depth + 1));
  // Only shapes a literal is written for: a type literal or an interface. A class (the driver's own data, with fields typed
  // from their initializers) is made by `new`, and looking through its members would type every field.
  const symbol = t.getSymbol();
  if (!symbol || !(symbol.flags & (ts.SymbolFlags.TypeLiteral | ts.SymbolFlags.Interface)) || isLibSymbol(symbol)) return false;
  // Per depth, as what a type is found to hold depends on how deep it may still look (a type that holds itself ends there).
  const known = holdsByType[depth] as WeakMap<TS.Type, boolean>;
  let holds = known.get(t);
  if (holds === undefined) {
    holds = checker
      .getPropertiesOfType(t)
      .some((p) => !(p.flags & ts.SymbolFlags.Method) && mayHoldDevice(analysis, checker.getTypeOfSymbol(p), depth + 1));
    known.set(t, holds);
  }
  return holds;
}

const holdsByType: readonly WeakMap<TS.Type, boolean>[] = Array.from({ length: MAX_DEPTH }, () => new WeakMap());

function mayBeDevice(analysis: AnalysisView, t: TS.Type): boolean {
  const f = analysis.ts.TypeFlags;
  if (t.flags & (f.Instantiable | f.Intersection)) return true;
  if (t.isUnion()) return t.types.some((m) => mayBeDevice(analysis, m));
  return analysis.facts.deviceContext(t) !== undefined;
}

type DirectiveReport = (r: { node: { start: number; end: number }; messageId: 'directive'; data: Record<string, string> }) => void;

/** A suppression comment whose next line upgrades a context. */
function directives(
  analysis: AnalysisView,
  file: TS.SourceFile,
  calls: readonly (TS.CallExpression | TS.NewExpression)[],
  report: DirectiveReport,
): void {
  const { ts, checker, facts } = analysis;
  const source = file.text;
  for (const m of source.matchAll(DIRECTIVE)) {
    const line = file.getLineAndCharacterOfPosition(m.index).line;
    if (line + 1 >= file.getLineStarts().length) continue;
    const from = file.getPositionOfLineAndCharacter(line + 1, 0);
    const to = line + 2 < file.getLineStarts().length ? file.getPositionOfLineAndCharacter(line + 2, 0) : source.length;
    let found: { from: string; to: string } | undefined;
    const visit = (n: TS.Node): void => {
      if (found || n.end < from || n.getStart(file) >= to) return;
      if (ts.isCallExpression(n) && calls.includes(n) && ts.isPropertyAccessExpression(n.expression)) {
        // A suppressed `this` mismatch leaves no resolved signature: look the member up instead.
        const receiver = checker.getTypeAtLocation(n.expression.expression);
        const member = checker.getPropertyOfType(receiver, n.expression.name.text);
        const need = member ? thisContext(analysis, member) : undefined;
        const have = facts.deviceContext(receiver);
        if (have !== undefined && upgrades(have, need)) found = { from: have, to: need as string };
      }
      if (!found && ts.isExpression(n) && !ts.isIdentifier(n.parent) && n.getStart(file) >= from) {
        const have = facts.deviceContext(checker.getTypeAtLocation(n));
        const ct = have !== undefined ? checker.getContextualType(n) : undefined;
        const need = ct ? facts.deviceContext(ct) : undefined;
        if (have !== undefined && upgrades(have, need)) found = { from: have, to: need as string };
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
    if (found) {
      const end = source.indexOf('\n', m.index);
      report({
        node: { start: m.index, end: end < 0 ? source.length : end },
        messageId: 'directive',
        data: { directive: m[1] ?? 'ignore', from: found.from, to: found.to },
      });
    }
  }
}

function isAssertion(ts: AnalysisView['ts'], n: TS.Node | undefined): boolean {
  return n !== undefined && (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n));
}

/** `n`, or the outermost parentheses around it. */
function outermost(ts: AnalysisView['ts'], n: TS.Node): TS.Node {
  let x = n;
  while (x.parent && ts.isParenthesizedExpression(x.parent)) x = x.parent;
  return x;
}

function innermost(ts: AnalysisView['ts'], e: TS.Expression): TS.Expression {
  return skipOuter(ts, e);
}
