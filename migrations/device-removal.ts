// device-removal: `Revocable<T>` becomes `Devres<T>`, which the driver core
// revokes at unbind. `new Revocable(x)` in probe becomes `Devres.new(dev, x)`,
// or just `d` when `x` is `d.access(dev)` for a Devres `d`. In
// `deviceRemove()`, revocations are dropped (the core revokes); the rest
// moves to the end of the driver's unbind (created where missing) with `this`
// written as the data parameter, and `implements DeviceRemoval` goes.
import { type AnalysisView, type DriverDescriptor, type TS, enclosingFunction, skipOuter } from '@drvlint/core';
import { memberRemoval } from './shared/imports.js';
import { isLegacyNamed, isLegacyType } from './shared/legacy.js';
import { appendToBlock, eolOf, indentOf, indentUnit, rewrittenText } from './shared/text.js';
import type { Transform, TransformContext } from './shared/transform.js';

const transform: Transform = {
  id: 'device-removal',
  summary: 'Revocable becomes Devres; DeviceRemoval.deviceRemove() moves into unbind, without its revocations',
  run(cx) {
    for (const file of cx.files) {
      // A deviceRemove() that must stay keeps its Revocables: as Devres, its revoke() calls would not type-check.
      if (deviceRemovals(cx, file)) revocables(cx, file);
    }
  },
};
export default transform;

function revocables(cx: TransformContext, file: TS.SourceFile): void {
  const { analysis } = cx;
  const { ts, checker, kernel } = analysis;
  const imports = cx.imports(file);
  const visit = (n: TS.Node): void => {
    if (ts.isTypeReferenceNode(n) && isLegacyNamed(analysis, n.typeName, 'Revocable')) {
      cx.edit(file, [{ start: n.typeName.getStart(file), end: n.typeName.end, text: imports.use('Devres') }]);
      cx.migrated(n, 'Revocable<T> became Devres<T>');
    } else if (ts.isNewExpression(n) && isLegacyNamed(analysis, n.expression, 'Revocable')) {
      const arg = n.arguments?.[0];
      const fn = enclosingFunction(ts, n);
      const role = fn ? analysis.drivers.callbacks.get(fn)?.role : undefined;
      const inner = arg ? skipOuter(ts, arg) : undefined;
      // `new Revocable(d.access(dev))`: the Devres `d` already is the revocable resource.
      const callee = inner && ts.isCallExpression(inner) ? skipOuter(ts, inner.expression) : undefined;
      const access =
        callee && ts.isPropertyAccessExpression(callee) ? checker.getSymbolAtLocation(callee.name)?.valueDeclaration : undefined;
      if (callee && ts.isPropertyAccessExpression(callee) && access && kernel?.devresMembers.get(access) === 'access') {
        cx.edit(file, [{ start: n.getStart(file), end: n.end, text: callee.expression.getText(file) }]);
        cx.migrated(n, `new Revocable(${inner?.getText(file)}) became the Devres ${callee.expression.getText(file)}`);
      } else if (arg && fn && role === 'probe' && fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name)) {
        cx.edit(file, [
          {
            start: n.getStart(file),
            end: n.end,
            text: `${imports.use('Devres')}.new(${fn.parameters[0].name.text}, ${arg.getText(file)})`,
          },
        ]);
        cx.migrated(n, `new Revocable(…) became Devres.new(${fn.parameters[0].name.text}, …)`);
      } else if (arg && fn && throughParameter(cx, n, arg, fn)) {
        cx.migrated(n, 'new Revocable(param) became the Devres param, built in probe');
      } else {
        cx.leave(
          n,
          'a Revocable built outside probe: make what it wraps a Devres<T> parameter, built with Devres.new(dev, …) in probe, by hand',
        );
      }
      return;
    } else if (
      ts.isPropertyAccessExpression(n) &&
      (n.name.text === 'isRevoked' || n.name.text === 'revoke') &&
      isRevocableValue(analysis, n.expression) &&
      !inDeviceRemove(analysis, n)
    ) {
      cx.leave(n, `\`${n.name.text}\` of a Revocable outside deviceRemove(): Devres has none; the core revokes at unbind`);
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
}

/**
 * `new Revocable(p)` in a constructor or helper, with `p` a parameter used
 * nowhere else and every call made from probe: `p` becomes a `Devres<T>`,
 * the expression `p`, and each call site passes the Devres, built the same
 * way (`d` for `d.access(dev)`, else `Devres.new(dev, x)`).
 */
function throughParameter(cx: TransformContext, n: TS.NewExpression, arg: TS.Expression, fn: TS.FunctionLikeDeclaration): boolean {
  const { analysis } = cx;
  const { ts, checker, kernel } = analysis;
  const inner = skipOuter(ts, arg);
  const param = ts.isIdentifier(inner) ? checker.getSymbolAtLocation(inner)?.valueDeclaration : undefined;
  if (!param || !ts.isParameter(param) || param.parent !== fn || !param.type || !ts.isIdentifier(param.name)) return false;
  const index = fn.parameters.indexOf(param);
  const sym = checker.getSymbolAtLocation(param.name);
  let uses = 0;
  const count = (x: TS.Node): void => {
    if (ts.isIdentifier(x) && x !== param.name && checker.getSymbolAtLocation(x) === sym) uses++;
    ts.forEachChild(x, count);
  };
  if (fn.body) count(fn.body);
  const callers = analysis.callersOf(fn);
  if (uses !== 1 || callers.length === 0) return false;
  const edits: { file: TS.SourceFile; start: number; end: number; text: string }[] = [];
  for (const call of callers) {
    const probe = enclosingFunction(ts, call);
    const dev = probe?.parameters[0];
    const a = call.arguments?.[index];
    if (!probe || analysis.drivers.callbacks.get(probe)?.role !== 'probe' || !dev || !ts.isIdentifier(dev.name) || !a) return false;
    const f = call.getSourceFile();
    const x = skipOuter(ts, a);
    const callee = ts.isCallExpression(x) ? skipOuter(ts, x.expression) : undefined;
    const access = callee && ts.isPropertyAccessExpression(callee) ? checker.getSymbolAtLocation(callee.name)?.valueDeclaration : undefined;
    const text =
      callee && ts.isPropertyAccessExpression(callee) && access && kernel?.devresMembers.get(access) === 'access'
        ? callee.expression.getText(f)
        : `${cx.imports(f).use('Devres')}.new(${dev.name.text}, ${a.getText(f)})`;
    edits.push({ file: f, start: a.getStart(f), end: a.end, text });
  }
  const file = n.getSourceFile();
  for (const e of edits) cx.edit(e.file, [e]);
  cx.edit(file, [
    { start: param.type.getStart(file), end: param.type.end, text: `${cx.imports(file).use('Devres')}<${param.type.getText(file)}>` },
  ]);
  cx.edit(file, [{ start: n.getStart(file), end: n.end, text: inner.getText(file) }]);
  return true;
}

function isRevocableValue(analysis: AnalysisView, e: TS.Expression): boolean {
  return isLegacyType(analysis, analysis.checker.getTypeAtLocation(e), 'Revocable');
}

function inDeviceRemove(analysis: AnalysisView, n: TS.Node): boolean {
  const fn = enclosingFunction(analysis.ts, n);
  return fn !== undefined && analysis.ts.isMethodDeclaration(fn) && fn.name.getText() === 'deviceRemove';
}

/** Move every DeviceRemoval of the file into its driver's unbind; false (nothing edited, each reported) when one cannot move. */
function deviceRemovals(cx: TransformContext, file: TS.SourceFile): boolean {
  const { analysis } = cx;
  const { ts } = analysis;
  const plans: (() => void)[] = [];
  let stays = false;
  const leave = (node: TS.Node, why: string): void => {
    cx.leave(node, why);
    stays = true;
  };
  for (const cls of analysis.indexOf(file).classes) {
    const clause = cls.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ImplementsKeyword);
    const impl = clause?.types.find((t) =>
      isLegacyNamed(analysis, ts.isPropertyAccessExpression(t.expression) ? t.expression.name : t.expression, 'DeviceRemoval'),
    );
    if (!clause || !impl) continue;
    const method = cls.members.find((m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === 'deviceRemove');
    const d = driverOf(analysis, cls);
    if (!method?.body || !d) {
      leave(impl, !d ? 'a DeviceRemoval that no driver in this program returns from probe' : 'deviceRemove() without a body');
      continue;
    }
    const stmts = method.body.statements;
    const revokes = stmts.filter((s) => isRevoke(analysis, s));
    const rest = stmts.filter((s) => !revokes.includes(s));
    if (rest.some((s) => usesThisInNested(ts, s))) {
      leave(method, 'deviceRemove() uses `this` inside a nested function; move it to unbind by hand');
      continue;
    }
    const late = rest.find((s) =>
      revokes.some((r) => stmts.indexOf(r) < stmts.indexOf(s) && mentionsMember(analysis, s, revokedMember(analysis, r))),
    );
    if (late) {
      leave(late, 'deviceRemove() works after a revoke(), where the legacy resource is already gone; move it to unbind by hand');
      continue;
    }
    if (rest.length > 0 && d.remove) {
      leave(
        rest[0] as TS.Statement,
        "deviceRemove() runs after the driver's remove(), which is still there; unbind runs before it, so this work cannot move there yet (migrate remove() first)",
      );
      continue;
    }
    const move = rest.length > 0 ? moveToUnbind(cx, d, rest) : () => {};
    if (typeof move === 'string') {
      leave(rest[0] as TS.Statement, move);
      continue;
    }
    plans.push(() => {
      move();
      dropDeviceRemoval(cx, file, cls, clause, impl, method);
      cx.migrated(
        method,
        `deviceRemove() ${revokes.length > 0 ? `lost ${revokes.length} revoke() call${revokes.length > 1 ? 's' : ''} (the core revokes Devres at unbind)` : 'dropped'}${rest.length > 0 ? `; ${rest.length} statement${rest.length > 1 ? 's' : ''} moved to unbind` : ''}`,
      );
    });
  }
  if (stays) return false;
  for (const p of plans) p();
  return true;
}

/** The method and the `implements DeviceRemoval` go. */
function dropDeviceRemoval(
  cx: TransformContext,
  file: TS.SourceFile,
  cls: TS.ClassLikeDeclaration,
  clause: TS.HeritageClause,
  impl: TS.ExpressionWithTypeArguments,
  method: TS.MethodDeclaration,
): void {
  cx.edit(file, [memberRemoval(file, method)]);
  const types = clause.types;
  if (types.length === 1) {
    const only = cls.heritageClauses?.length === 1;
    cx.edit(file, [{ start: only ? clauseStart(file, clause) : clause.getStart(file), end: clause.end, text: '' }]);
    return;
  }
  const i = types.indexOf(impl);
  const next = types[i + 1];
  const prev = types[i - 1];
  cx.edit(file, [
    next
      ? { start: impl.getStart(file), end: next.getStart(file), text: '' }
      : { start: prev ? prev.end : impl.getStart(file), end: impl.end, text: '' },
  ]);
}

/** From the space before `implements` to the end of the clause, so no double space is left. */
function clauseStart(file: TS.SourceFile, clause: TS.HeritageClause): number {
  let at = clause.getStart(file);
  while (at > 0 && /[ \t]/.test(file.text[at - 1] ?? '')) at--;
  return at;
}

/** `this.x.revoke();` on a Revocable (now a Devres) field. */
function isRevoke(analysis: AnalysisView, s: TS.Statement): boolean {
  const { ts } = analysis;
  if (!ts.isExpressionStatement(s) || !ts.isCallExpression(s.expression)) return false;
  const callee = skipOuter(ts, s.expression.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'revoke' && isRevocableValue(analysis, callee.expression);
}

/** The member a `this.x.revoke();` revokes. */
function revokedMember(analysis: AnalysisView, s: TS.Statement): TS.Symbol | undefined {
  const { ts, checker } = analysis;
  const call = (s as TS.ExpressionStatement).expression as TS.CallExpression;
  const target = skipOuter(ts, (skipOuter(ts, call.expression) as TS.PropertyAccessExpression).expression);
  return ts.isPropertyAccessExpression(target) ? checker.getSymbolAtLocation(target.name) : checker.getSymbolAtLocation(target);
}

/** Whether `n` names `member`; when the revoked thing is unknown, taken to. */
function mentionsMember(analysis: AnalysisView, n: TS.Node, member: TS.Symbol | undefined): boolean {
  return member === undefined || analysis.summaries.mentions(n, new Set([member]));
}

function usesThisInNested(ts: AnalysisView['ts'], n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node, nested: boolean): void => {
    if (found) return;
    if (x.kind === ts.SyntaxKind.ThisKeyword && nested) found = true;
    ts.forEachChild(x, (c) => visit(c, nested || (ts.isFunctionLike(x) && !ts.isArrowFunction(x))));
  };
  visit(n, false);
  return found;
}

/** The driver whose private data is `cls`. */
function driverOf(analysis: AnalysisView, cls: TS.ClassLikeDeclaration): DriverDescriptor | undefined {
  const sym = cls.name ? analysis.checker.getSymbolAtLocation(cls.name) : undefined;
  return analysis.drivers.descriptors.find((d) => d.self?.getSymbol() === sym);
}

/**
 * The edit that appends `rest` (with `this` as the data parameter) to the
 * driver's unbind, creating a class driver's unbind where missing; or why
 * it cannot be written.
 */
function moveToUnbind(cx: TransformContext, d: DriverDescriptor, rest: readonly TS.Statement[]): (() => void) | string {
  const { analysis } = cx;
  const { ts } = analysis;
  const asParam = (name: string): string[] => rest.map((s) => rewrittenText(ts, analysis.checker, s, new Map(), name));
  const unbind = d.unbind;
  if (unbind) {
    const data = unbind.parameters[1];
    if (!unbind.body || !ts.isBlock(unbind.body) || !data || !ts.isIdentifier(data.name))
      return "the driver's unbind has no block body or no data parameter to move deviceRemove() into";
    const file = unbind.getSourceFile();
    const body = unbind.body;
    const indent = body.statements[0]
      ? indentOf(file, body.statements[0].getStart(file))
      : `${indentOf(file, unbind.getStart(file))}${indentUnit(file)}`;
    const lines = asParam(data.name.text).map((s) => `${indent}${s}`);
    return () => cx.edit(file, [appendToBlock(file, body, lines)]);
  }
  const cls = d.classDriver;
  const probe = d.probe;
  const devType = probe?.parameters[0]?.type;
  const selfName = d.self?.getSymbol()?.name;
  if (!cls || !probe || !devType || !selfName)
    return 'the driver has no unbind, and none can be written for it here (not a class driver with a typed probe)';
  const file = cls.getSourceFile();
  const memberIndent = indentOf(file, probe.getStart(file));
  const body = `${memberIndent}${indentUnit(file)}`;
  const eol = eolOf(file);
  // A blank line before the new member when the class's members are set apart by them.
  const [firstMember, lastMember] = [cls.members[0], cls.members[cls.members.length - 1]];
  const spaced =
    firstMember !== lastMember &&
    !!firstMember &&
    !!lastMember &&
    /\n[ \t]*\r?\n/.test(file.text.slice(firstMember.end, lastMember.getStart(file)));
  const method = [
    `${eol}${spaced ? eol : ''}${memberIndent}static unbind(dev: ${devType.getText(file)}, data: ${selfName}): void {`,
    ...asParam('data').map((s) => `${body}${s}`),
    `${memberIndent}}`,
  ].join(eol);
  return () => cx.edit(file, [{ start: probe.end, end: probe.end, text: method }]);
}
