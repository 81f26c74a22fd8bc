// Context upgrades the checker accepts without proving them, and with no
// assertion in sight: a declaration with no body (or a type it computes)
// that returns a narrower device than it is given, a Core-only member called
// on a wider device through `Reflect.apply`, `.call` or `.apply`, and a
// callback for a narrower device placed where a wider one will be passed
// (method parameters are checked both ways).
import {
  type AnalysisView,
  type ContextName,
  type Reporter,
  type TS,
  appliedCall,
  isPlatformDeclaration,
  mayGive,
  possibleSignatures,
  skipOuter,
  text,
} from '@drvlint/core';
import { shown, thisContext, upgrades } from './forged-shapes.js';

type Ctx = ContextName | 'unknown';
export type NarrowingMessage = 'declared' | 'applied' | 'variance';

export function unprovenNarrowings(
  analysis: AnalysisView,
  index: ReturnType<AnalysisView['indexOf']>,
  report: Reporter<NarrowingMessage>,
): void {
  const { ts, checker, facts, kernel } = analysis;
  const ctxOf = (t: TS.Type): Ctx | undefined => facts.deviceContext(t);
  const loose = (n: TS.Node): boolean => (checker.getTypeAtLocation(n).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  const ctxAt = (n: TS.Node): Ctx | undefined => (loose(n) ? 'unknown' : ctxOf(checker.getTypeAtLocation(n)));
  const widest = (args: readonly TS.Expression[]): Ctx | undefined =>
    args
      .map(ctxAt)
      .reduce<Ctx | undefined>(
        (best, c) => (c === undefined ? best : best === undefined || c === 'unknown' ? c : upgrades(c, best) ? c : best),
        undefined,
      );

  for (const call of index.calls) {
    if (!ts.isCallExpression(call)) continue;
    // A Core-only member called on a wider device through Reflect.apply, .call or .apply.
    const applied = appliedCall(analysis, call);
    if (applied) {
      const f = skipOuter(ts, applied.f);
      const member = ts.isPropertyAccessExpression(f) ? checker.getSymbolAtLocation(f.name) : undefined;
      const needs = member ? thisContext(analysis, member) : undefined;
      const from = applied.receiver ? ctxAt(applied.receiver) : undefined;
      if (needs && applied.receiver && upgrades(from, needs)) {
        report({
          node: call,
          messageId: 'applied',
          data: {
            call: text(call),
            to: needs,
            member: (f as TS.PropertyAccessExpression).name.text,
            expr: text(applied.receiver),
            from: shown(from),
          },
        });
      }
      continue;
    }
    // A declaration that is not the kernel's, with no body or a computed result: nothing checks what it returns.
    const signatures = possibleSignatures(ts, checker, call);
    const unchecked = signatures?.some((s) => {
      const d = s.getDeclaration() as TS.SignatureDeclaration | undefined;
      return d !== undefined && declaresUnchecked(ts, d) && !kernel.isKernelFile(d.getSourceFile().fileName);
    });
    if (!unchecked) continue;
    // A result no possible signature can give as a device (`format(v): string` and its overloads) upgrades nothing.
    if (!mayGive(ts, signatures, (result) => ctxOf(result) !== undefined)) continue;
    const to = ctxOf(checker.getResolvedSignature(call)?.getReturnType() ?? checker.getTypeAtLocation(call));
    const from = widest(call.arguments);
    if (upgrades(from, to)) {
      report({
        node: call,
        messageId: 'declared',
        data: { call: text(call), callee: text(call.expression), to: to as string, from: shown(from) },
      });
    }
  }

  // Callbacks in object literals that are not the kernel's to read: each parameter against what the slot passes.
  for (const o of index.objectLiterals) {
    // Syntax first: only a member function with a typed parameter can take a narrower device than its slot passes.
    const typed = o.properties.some((p) => {
      const f = ts.isMethodDeclaration(p) ? p : ts.isPropertyAssignment(p) ? skipOuter(ts, p.initializer) : undefined;
      return (
        f !== undefined &&
        (ts.isMethodDeclaration(f) || ts.isArrowFunction(f) || ts.isFunctionExpression(f)) &&
        f.parameters.some((q) => q.type !== undefined)
      );
    });
    if (!typed) continue;
    const around = skipOuter(ts, o).parent;
    if (around && (ts.isCallExpression(around) || ts.isNewExpression(around)) && analysis.kernelCallee(around)) continue;
    for (const p of o.properties) {
      const fn = ts.isMethodDeclaration(p)
        ? p
        : ts.isPropertyAssignment(p) && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))
          ? p.initializer
          : undefined;
      const name = p.name?.getText();
      if (!fn || name === undefined || fn.parameters.every((q) => q.type === undefined)) continue;
      const own = fn.parameters.map((q) => (q.type ? ctxOf(checker.getTypeFromTypeNode(q.type)) : undefined));
      if (!own.some((c) => c !== undefined && c !== 'Normal')) continue;
      const ct = checker.getContextualType(o);
      const slot = ct && checker.getPropertyOfType(ct, name);
      const sig = slot && checker.getSignaturesOfType(checker.getTypeOfSymbol(slot), ts.SignatureKind.Call)[0];
      if (!sig) continue;
      own.forEach((c, i) => {
        const param = sig.getParameters()[i];
        const passed = param ? ctxOf(checker.getTypeOfSymbol(param)) : undefined;
        const node = fn.parameters[i];
        if (node && passed !== undefined && c !== undefined && upgrades(passed, c))
          report({
            node,
            messageId: 'variance',
            data: { to: c, where: `${checker.typeToString(ct)}.${name}`, from: shown(passed) },
          });
      });
    }
  }
}

const unchecked = new WeakMap<TS.Node, boolean>();

/**
 * Whether a declaration claims its result unchecked: a function or method
 * declared without a body (`declare function`, an ambient class), or one with a
 * computed result type, outside the platform's own declarations. A function
 * type is not one: whatever made a function of that type is where a cast would
 * be, and is judged there. Kept per declaration: it depends on nothing else.
 */
function declaresUnchecked(ts: AnalysisView['ts'], d: TS.SignatureDeclaration): boolean {
  let known = unchecked.get(d);
  if (known === undefined) {
    const computed = d.type !== undefined && (ts.isConditionalTypeNode(d.type) || ts.isIndexedAccessTypeNode(d.type));
    const bodiless = (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d)) && d.body === undefined;
    known = (computed || bodiless) && !isPlatformDeclaration(d);
    unchecked.set(d, known);
  }
  return known;
}
