// Context upgrades that need no `as` on a device type: a generic helper
// instantiated with a narrower device, a type predicate, a function-typed
// cast, an `any` parameter that calls a Core-only member, and anything in a
// file whose type check is off (`@ts-nocheck`). The simulated core catches
// each at run time; rules.md lists "any/unknown round trips" and assertions.
import {
  type AnalysisView,
  type Reporter as RuleReporter,
  type ContextName,
  type TS,
  contextRank,
  givenBack,
  paramAt,
  possibleSignatures,
  skipOuter,
  soleDeclaration,
  soleImplementation,
  text,
} from '@drvlint/core';

type Ctx = ContextName | 'unknown';

export type ShapeMessage = 'generic' | 'predicate' | 'functionCast' | 'anyParam' | 'nocheck';
type Reporter = RuleReporter<ShapeMessage>;

export function upgrades(from: Ctx | undefined, to: Ctx | undefined): boolean {
  if (to === undefined || to === 'unknown' || to === 'Normal') return false;
  if (from === undefined || from === 'unknown') return true;
  return contextRank(from) < contextRank(to);
}

/** How a message names a context: `a Core device`, `a device of unknown context`. */
export const shown = (c: Ctx | undefined): string =>
  c === undefined ? 'a value of no device type' : c === 'unknown' ? 'a device of unknown context' : `a ${c} device`;

export function indirectForgeries(
  analysis: AnalysisView,
  index: ReturnType<AnalysisView['indexOf']>,
  file: TS.SourceFile,
  report: Reporter,
): void {
  const { ts, checker, facts } = analysis;
  const ctxOf = (t: TS.Type): Ctx | undefined => facts.deviceContext(t);
  const ctxAt = (n: TS.Node): Ctx | undefined => ctxOf(checker.getTypeAtLocation(n));
  const loose = (n: TS.Node): boolean => (checker.getTypeAtLocation(n).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;

  for (const call of index.calls) {
    if (!ts.isCallExpression(call)) continue;
    // Only a generic returning its type parameter, or a function with a body here, can forge: the callee's type tells before resolving.
    const possible = possibleSignatures(ts, checker, call);
    const noBareResult = possible?.every((s) => !returnsTypeParameter(ts, s.getDeclaration()));
    if (noBareResult && possible?.every((s) => s.getDeclaration().getSourceFile().isDeclarationFile)) continue;
    // A plain function with one signature and no bare type parameter for a result: only its `any` parameters can forge.
    const sole = soleDeclaration(ts, checker, call);
    if (sole && !returnsTypeParameter(ts, sole)) {
      anyParameters(analysis, call, sole, report);
      continue;
    }
    // A generic that gives back an argument (`requireTeardown(this, 'stop')`) gives its type: no upgrade, and no need to resolve.
    if (sole && givenBack(ts, checker, call)) {
      anyParameters(analysis, call, sole, report);
      continue;
    }
    // One function's overloads, none with a bare type parameter for a result: whichever a call picks runs the one body.
    const body = noBareResult ? soleImplementation(ts, checker, call) : undefined;
    if (body !== undefined) {
      if (body) anyParameters(analysis, call, body, report);
      continue;
    }
    const sig = checker.getResolvedSignature(call);
    const decl = sig?.getDeclaration();
    if (!sig || !decl) continue;
    // `upgrade<pci.Device<Core>>(aref)`: a generic whose result is a bare type parameter.
    const typeParam = returnsTypeParameter(ts, decl);
    if (typeParam && call.arguments.length > 0) {
      const to = ctxOf(sig.getReturnType());
      const from = call.arguments
        .map((a) => (loose(a) ? 'unknown' : ctxAt(a)))
        .reduce<Ctx | undefined>(
          (best, c) =>
            c === undefined
              ? best
              : best === undefined || best === 'unknown' || (c !== 'unknown' && contextRank(c) > contextRank(best))
                ? c
                : best,
          undefined,
        );
      if (upgrades(from, to)) report({ node: call, messageId: 'generic', data: { call: text(call), to: to as string, from: shown(from) } });
    }
    anyParameters(analysis, call, decl, report);
  }

  for (const fn of index.functions) {
    // `(d): d is pci.Device<Core>`: a predicate that claims a narrower context than it was given.
    const t = fn.type;
    if (t && ts.isTypePredicateNode(t) && t.type) {
      const to = ctxOf(checker.getTypeFromTypeNode(t.type));
      const param = fn.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === t.parameterName.getText());
      const from = param ? (loose(param.name) ? 'unknown' : ctxAt(param.name)) : undefined;
      if (upgrades(from, to))
        report({ node: t, messageId: 'predicate', data: { predicate: text(t), to: to as string, from: shown(from) } });
    }
  }

  for (const a of index.assertions) {
    // `((d: unknown) => d) as (d: pci.Device) => pci.Device<Core>`
    const sig = checker.getSignaturesOfType(checker.getTypeFromTypeNode(a.type), ts.SignatureKind.Call)[0];
    const param = sig?.getParameters()[0];
    if (!sig || !param) continue;
    const to = ctxOf(sig.getReturnType());
    const pt = checker.getTypeOfSymbol(param);
    const from = pt.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) ? 'unknown' : ctxOf(pt);
    if (upgrades(from, to))
      report({ node: a, messageId: 'functionCast', data: { cast: text(a.type), to: to as string, from: shown(from) } });
  }

  if (/^\s*(\/\/[^\n]*\n\s*)*\/\/\s*@ts-nocheck/.test(file.text)) noCheck(analysis, index, report);
}

/** `<T>(…): T`: a signature whose result is one of its own type parameters. */
function returnsTypeParameter(ts: AnalysisView['ts'], decl: TS.SignatureDeclaration): boolean {
  const ret = decl.type;
  return (
    ret !== undefined &&
    ts.isTypeReferenceNode(ret) &&
    ts.isIdentifier(ret.typeName) &&
    (decl.typeParameters ?? []).some((p) => p.name.text === (ret.typeName as TS.Identifier).text)
  );
}

/** `kick(aref)` where `kick(d: any)` (or an overload's implementation) calls a Core-only member on `d`. */
function anyParameters(analysis: AnalysisView, call: TS.CallExpression, decl: TS.SignatureDeclaration, report: Reporter): void {
  const { ts, checker, facts } = analysis;
  const impl = analysis.implementationOf(decl);
  if (!impl?.body) return;
  call.arguments.forEach((arg, j) => {
    const i = paramAt(impl, j);
    const p = i === undefined ? undefined : impl.parameters[i];
    if (!p || !ts.isIdentifier(p.name) || !(checker.getTypeAtLocation(p.name).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return;
    const argType = checker.getTypeAtLocation(arg);
    const from = facts.deviceContext(argType);
    if (from === undefined) return;
    const sym = checker.getSymbolAtLocation(p.name);
    let found: { member: string; need: Ctx } | undefined;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        ts.isIdentifier(skipOuter(ts, n.expression.expression)) &&
        checker.getSymbolAtLocation(skipOuter(ts, n.expression.expression)) === sym
      ) {
        const member = checker.getPropertyOfType(argType, n.expression.name.text);
        const d = member?.valueDeclaration as TS.SignatureDeclaration | undefined;
        const thisParam =
          d && (ts.isMethodDeclaration(d) || ts.isMethodSignature(d)) ? checker.getSignatureFromDeclaration(d)?.thisParameter : undefined;
        const need = thisParam ? facts.deviceContext(checker.getTypeOfSymbol(thisParam)) : undefined;
        if (upgrades(from, need)) found = { member: n.expression.name.text, need: need as Ctx };
      }
      ts.forEachChild(n, visit);
    };
    visit(impl.body as TS.Node);
    if (found)
      report({
        node: arg,
        messageId: 'anyParam',
        data: { member: found.member, to: found.need, expr: text(arg), from: shown(from), helper: text(call.expression) },
      });
  });
}

/** With the type check off, a narrower context is taken where a type error would have stopped it. */
function noCheck(analysis: AnalysisView, index: ReturnType<AnalysisView['indexOf']>, report: Reporter): void {
  const { checker, facts } = analysis;
  const check = (e: TS.Expression): void => {
    const from = facts.deviceContext(checker.getTypeAtLocation(e));
    const ct = from === undefined ? undefined : checker.getContextualType(e);
    const to = ct ? facts.deviceContext(ct) : undefined;
    if (from !== undefined && upgrades(from, to))
      report({ node: e, messageId: 'nocheck', data: { expr: text(e), from: shown(from), to: to as string } });
  };
  for (const v of index.variables) if (v.initializer && v.type) check(v.initializer);
  for (const c of index.calls) for (const a of c.arguments ?? []) check(a);
  for (const r of index.returns) if (r.expression) check(r.expression);
  for (const w of index.writes) if (w.how === 'assign') check(w.value);
}

/** The device context a member's `this` parameter asks for (`setMaster(this: Device<Core>)`), if any. */
export function thisContext(analysis: AnalysisView, member: TS.Symbol): Ctx | undefined {
  const { checker, facts } = analysis;
  const decl = member.valueDeclaration;
  if (!decl) return undefined;
  const sig = checker.getSignatureFromDeclaration(decl as TS.SignatureDeclaration);
  const thisParam = sig?.thisParameter;
  return thisParam ? facts.deviceContext(checker.getTypeOfSymbol(thisParam)) : undefined;
}
