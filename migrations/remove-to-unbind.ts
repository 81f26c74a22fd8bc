// remove-to-unbind: a class driver's static `remove(dev, data)`, which mixed
// teardown and release, becomes `unbind(dev, data)` holding only its teardown
// (merged after an existing `unbind`). Its releases move to the start of the
// private data's `[Symbol.dispose]`, with `data` written as `this`; a call of
// the data's own `[Symbol.dispose]()` is dropped, as the core makes it after
// unbind. Teardown and release are told apart by the facts
// unbind-teardown-only uses, so the result is lint-clean by construction.
import { type AnalysisView, type DriverDescriptor, type FunctionNode, type TS, receiverOf, skipOuter } from '@drvlint/core';
import { releaseName } from '@drvlint/core';
import { classOfType, prependToDispose } from './shared/classes.js';
import { memberRemoval, wholeLine } from './shared/imports.js';
import { appendToBlock, indentOf, rewrittenText } from './shared/text.js';
import { isLegacyType } from './shared/legacy.js';
import type { Transform, TransformContext } from './shared/transform.js';

type Kind = 'teardown' | 'release' | 'drop-dispose';

const transform: Transform = {
  id: 'remove-to-unbind',
  summary: "a class driver's remove() becomes unbind() with its teardown; its releases move to Self[Symbol.dispose]",
  run(cx) {
    const files = new Set(cx.files);
    for (const d of cx.analysis.drivers.descriptors) {
      if (d.remove && d.classDriver && files.has(d.remove.getSourceFile())) migrate(cx, d, d.remove);
    }
  },
};
export default transform;

function migrate(cx: TransformContext, d: DriverDescriptor, remove: FunctionNode): void {
  const { analysis } = cx;
  const { ts, checker } = analysis;
  const file = remove.getSourceFile();
  const [devParam, dataParam] = remove.parameters;
  const dataSym = dataParam && ts.isIdentifier(dataParam.name) ? checker.getSymbolAtLocation(dataParam.name) : undefined;
  const devSym = devParam && ts.isIdentifier(devParam.name) ? checker.getSymbolAtLocation(devParam.name) : undefined;
  if (!remove.body || !ts.isBlock(remove.body) || !dataSym || !devSym) {
    cx.leave(remove, 'remove() without a block body and (dev, data) parameters');
    return;
  }
  const kinds = remove.body.statements.map((s) => [s, classify(analysis, s, dataSym, devSym)] as const);
  const unclear = kinds.filter(([, k]) => typeof k === 'string' && !['teardown', 'release', 'drop-dispose'].includes(k));
  for (const [s, why] of unclear) cx.leave(s, why);
  if (unclear.length > 0) return;
  const releases = kinds.filter(([, k]) => k === 'release').map(([s]) => s);
  const teardown = kinds.filter(([, k]) => k === 'teardown').map(([s]) => s);
  const self = classOfType(analysis, d.self);
  if (releases.length > 0 && !self) {
    cx.leave(
      remove,
      'remove() releases, but the private data is not a class of this program, so there is no [Symbol.dispose] to move the release to',
    );
    return;
  }
  const unbind = d.unbind;
  if (unbind && (!unbind.body || !ts.isBlock(unbind.body) || unbind.parameters.length < 2)) {
    cx.leave(remove, 'the class also has an unbind() without a block body and (dev, data) parameters to merge into');
    return;
  }
  if (self && releases.length > 0) {
    const asThis = new Map([[dataSym, 'this']]);
    cx.edit(
      self.getSourceFile(),
      prependToDispose(
        analysis,
        self,
        releases.map((s) => rewrittenText(ts, checker, s, asThis)),
      ),
    );
  }
  if (!unbind) {
    // Rename remove to unbind; what is not teardown leaves it.
    const name = remove.name as TS.Node;
    cx.edit(file, [{ start: name.getStart(file), end: name.end, text: 'unbind' }]);
    for (const [s, k] of kinds) if (k !== 'teardown') cx.edit(file, [wholeLine(file, s)]);
  } else {
    // Merge the teardown after the existing unbind, in its parameters' names.
    const [uDev, uData] = unbind.parameters;
    const names = new Map<TS.Symbol, string>();
    if (uDev && ts.isIdentifier(uDev.name)) names.set(devSym, uDev.name.text);
    if (uData && ts.isIdentifier(uData.name)) names.set(dataSym, uData.name.text);
    const indent = (unbind.body as TS.Block).statements[0]
      ? indentOf(file, ((unbind.body as TS.Block).statements[0] as TS.Node).getStart(file))
      : indentOf(file, teardown[0]?.getStart(file) ?? remove.getStart(file));
    if (teardown.length > 0)
      cx.edit(file, [
        appendToBlock(
          file,
          unbind.body as TS.Block,
          teardown.map((s) => `${indent}${rewrittenText(ts, checker, s, names)}`),
        ),
      ]);
    cx.edit(file, [memberRemoval(file, remove)]);
  }
  cx.migrated(
    remove,
    `remove() became unbind()${releases.length > 0 ? `; ${releases.length} release${releases.length > 1 ? 's' : ''} moved to [Symbol.dispose]` : ''}`,
  );
}

/** What a statement of remove() is: teardown, a release of the data, the data's own drop, or why it is neither. */
// `string` here is the reason, in the summary's words: not one of the kinds.
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
function classify(analysis: AnalysisView, s: TS.Statement, data: TS.Symbol, dev: TS.Symbol): Kind | string {
  const { ts, checker, summaries, values, teardown } = analysis;
  if (!ts.isExpressionStatement(s)) return 'neither teardown nor release: only expression statements are moved; move this one by hand';
  const e = skipOuter(ts, s.expression);
  const fromData = (x: TS.Expression): boolean => summaries.derives(x, new Set([data]));
  const mentionsDevice = (): boolean => summaries.mentions(s, new Set([dev]));
  // Releases: dispose/release/revoke/free on the data or part of it, delete, fields cleared.
  if (ts.isCallExpression(e) && releaseName(analysis, e)) {
    const receiver = receiverOf(ts, e);
    if (
      receiver &&
      skipOuter(ts, receiver).kind === ts.SyntaxKind.Identifier &&
      checker.getSymbolAtLocation(skipOuter(ts, receiver)) === data &&
      releaseName(analysis, e) === '[Symbol.dispose]'
    )
      return 'drop-dispose';
    if (!receiver || !fromData(receiver)) return 'releases something other than the private data; move it by hand';
    return mentionsDevice() ? 'a release that needs the device: it cannot move to [Symbol.dispose], which has none' : 'release';
  }
  if (
    ts.isDeleteExpression(e) ||
    (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && isCleared(ts, e.right))
  ) {
    const target = ts.isDeleteExpression(e) ? e.expression : e.left;
    if (!ts.isPropertyAccessExpression(skipOuter(ts, target)) && !ts.isElementAccessExpression(skipOuter(ts, target)))
      return 'neither teardown nor release';
    if (!fromData(target)) return 'clears something other than the private data; move it by hand';
    return mentionsDevice() ? 'a release that needs the device' : 'release';
  }
  // Teardown: calls on the device, its resources and registers, or a teardown obligation.
  const calls: TS.CallExpression[] = [];
  let other = false;
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n)) calls.push(n);
    else if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      other = true;
    else if (ts.isFunctionLike(n)) other = true;
    ts.forEachChild(n, visit);
  };
  visit(e);
  const isTeardownCall = (c: TS.CallExpression): boolean => {
    const receiver = receiverOf(ts, c);
    if (!receiver) return false;
    // A legacy Revocable holds a device resource: reaching it (`r.tryAccess()`) and working on it is teardown.
    if (isRevocableAccess(analysis, c) || isRevocableAccess(analysis, skipOuter(ts, receiver))) return true;
    const callee = skipOuter(ts, c.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method && teardown.methodsOf(checker.getTypeAtLocation(receiver)).has(method)) return true;
    const scope = values.scopeOfNode(receiver);
    return scope?.kind === 'device' || scope?.kind === 'resource';
  };
  if (!other && calls.length > 0 && calls.every(isTeardownCall)) return 'teardown';
  return 'neither teardown nor release: not a call on the device, its resources or a teardown obligation; move it by hand';
}

/** `r.tryAccess()` or `r.tryAccessWith(f)` on a legacy Revocable. */
function isRevocableAccess(analysis: AnalysisView, e: TS.Expression): boolean {
  const { ts, checker } = analysis;
  if (!ts.isCallExpression(e)) return false;
  const callee = skipOuter(ts, e.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'tryAccess' && callee.name.text !== 'tryAccessWith')) return false;
  return isLegacyType(analysis, checker.getNonNullableType(checker.getTypeAtLocation(callee.expression)), 'Revocable');
}

function isCleared(ts: AnalysisView['ts'], v: TS.Expression): boolean {
  const x = skipOuter(ts, v);
  return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined') || ts.isVoidExpression(x);
}
