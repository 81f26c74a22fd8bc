// Teardown obligations of what the private data keeps: every member of
// Self's type (nested, private fields too) that owes `m()` must be torn
// down on every path of unbind or of Self[Symbol.dispose]. Computed once per
// program; each rule run reports those located in its file.
import {
  type AnalysisView,
  type DriverDescriptor,
  type FunctionNode,
  type TS,
  ELEMENT,
  firstUncoveredPath,
  suspendingNodes,
  nonNullable,
  pathKey,
  propertyName,
} from '@drvlint/core';

export interface KeptObligation {
  /** Where the value is created (or, failing that, declared). */
  readonly at: TS.Node;
  readonly path: string;
  readonly type: string;
  readonly method: string;
  readonly related: { readonly node: TS.Node; readonly message: string }[];
}

interface Member {
  readonly steps: readonly string[];
  readonly methods: ReadonlySet<string>;
  readonly type: TS.Type;
  readonly decl: TS.Declaration | undefined;
}

const MAX_DEPTH = 3;
const cache = new WeakMap<AnalysisView, readonly KeptObligation[]>();

export function keptObligations(analysis: AnalysisView): readonly KeptObligation[] {
  const known = cache.get(analysis);
  if (known) return known;
  const out: KeptObligation[] = [];
  // One check per private-data type and teardown code: drivers that share both (a PCI and a platform variant) owe the
  // same, and drivers that share only the type each have their own unbind to judge.
  const seen = new Map<TS.Type, Set<string>>();
  const where = (fn: FunctionNode | undefined): string => (fn ? `${fn.getSourceFile().fileName}:${fn.pos}` : '-');
  for (const d of analysis.drivers.descriptors) {
    if (!d.self || unseenUnbind(analysis, d)) continue;
    const teardowns = seen.get(d.self) ?? new Set<string>();
    const key = `${where(d.unbind)}|${where(d.remove)}`;
    if (teardowns.has(key)) continue;
    seen.set(d.self, teardowns.add(key));
    for (const m of members(analysis, d.self)) {
      const missing = check(analysis, d, m);
      if (missing) out.push(missing);
    }
  }
  cache.set(analysis, out);
  return out;
}

/**
 * A driver whose unbind is given but cannot be read: a computed value
 * (`unbind: handlers.get(kind)`), or one a spread brings in. What
 * it tears down is unknown, so nothing is said of what it leaves: that
 * would be a guess, and the driver core would not confirm it.
 */
function unseenUnbind(analysis: AnalysisView, d: DriverDescriptor): boolean {
  const { ts, checker } = analysis;
  if (d.unbind || !d.definition) return false;
  return d.definition.properties.some((p) =>
    ts.isSpreadAssignment(p)
      ? checker.getPropertyOfType(checker.getTypeAtLocation(p.expression), 'unbind') !== undefined
      : propertyName(ts, p.name) === 'unbind',
  );
}

/** Self itself and its members, depth-first, that owe a teardown. */
function members(analysis: AnalysisView, self: TS.Type): Member[] {
  const { checker, teardown, ts } = analysis;
  const out: Member[] = [];
  const visiting = new Set<TS.Symbol>();
  const walk = (type: TS.Type, steps: string[], decl: TS.Declaration | undefined, depth: number): void => {
    const methods = teardown.methodsOf(type);
    if (methods.size > 0) out.push({ steps, methods, type, decl });
    // A collection of handles: each element owes its teardown.
    const element = teardown.elementOf(type);
    if (element && depth < MAX_DEPTH) walk(element, [...steps, ELEMENT], decl, depth + 1);
    const t = nonNullable(ts, checker, type);
    // A record of handles (`Record<string, Handle>`, `{ [name: string]: Handle }`): each value owes its teardown.
    if (!element && depth < MAX_DEPTH && t.flags & ts.TypeFlags.Object)
      for (const info of checker.getIndexInfosOfType(t)) walk(info.type, [...steps, ELEMENT], decl, depth + 1);
    const symbol = t.getSymbol();
    const declFile = symbol?.declarations?.[0]?.getSourceFile();
    if (
      depth >= MAX_DEPTH ||
      !symbol ||
      !declFile ||
      declFile.isDeclarationFile ||
      analysis.kernel?.isKernelFile(declFile.fileName) ||
      visiting.has(symbol)
    )
      return;
    if (!(t.flags & ts.TypeFlags.Object) || checker.getSignaturesOfType(t, ts.SignatureKind.Call).length > 0) return;
    visiting.add(symbol);
    for (const p of checker.getPropertiesOfType(t)) {
      const pd = p.valueDeclaration;
      if (!pd || ts.isMethodDeclaration(pd) || ts.isMethodSignature(pd) || ts.isGetAccessorDeclaration(pd)) continue;
      const name = (pd as TS.NamedDeclaration).name?.getText() ?? p.name;
      walk(checker.getTypeOfSymbol(p), [...steps, name], pd, depth + 1);
    }
    visiting.delete(symbol);
  };
  walk(self, [], undefined, 0);
  return out;
}

function check(analysis: AnalysisView, d: DriverDescriptor, m: Member): KeptObligation | undefined {
  const flow = analysis.teardownFlow;
  const done = (fn: FunctionNode | undefined, root: 'this' | number): boolean =>
    fn !== undefined &&
    flow
      .summaryOf(fn)
      .some((t) => t.path.root === root && m.methods.has(t.method) && pathKey(t.path) === pathKey({ root, steps: m.steps }));
  // A legacy class driver's remove() runs after its unbind, with the same data: either may tear down.
  if (done(d.unbind, 1) || done(d.remove, 1) || d.dispose.some((f) => done(f, 'this'))) return undefined;

  const method = [...m.methods][0] ?? 'teardown';
  const related: { node: TS.Node; message: string }[] = [];
  const shown = showSteps(m.steps);
  for (const [fn, root, role] of [
    [d.unbind, 1, 'unbind'],
    [d.remove, 1, 'remove'],
    ...d.dispose.map((f) => [f, 'this', '[Symbol.dispose]'] as const),
  ] as const) {
    if (!fn) continue;
    const cfg = analysis.cfgOf(fn);
    const covered = flow.coveringNodes(fn, { root, steps: m.steps }, m.methods);
    const mayThrow = (n: { readonly ast: TS.Node | undefined }): boolean => n.ast !== undefined && analysis.fallible.node(n.ast);
    const suspends = suspendingNodes(analysis.ts, cfg);
    const path = firstUncoveredPath(cfg, cfg.entry, [cfg.returnExit, cfg.throwExit], (id) => covered.has(id), mayThrow, suspends);
    const lastId = path?.filter((id) => cfg.nodes[id]?.ast !== undefined).pop();
    const last = lastId === undefined ? undefined : cfg.nodes[lastId]?.ast;
    related.push({
      node: last ?? fn,
      message:
        lastId !== undefined && suspends.has(lastId)
          ? `${role} returns to its caller at this \`await\`, before \`${method}()\` on \`${shown}\``
          : covered.size === 0
            ? `${role} never calls \`${method}()\` on \`${shown}\``
            : `on this path ${role} ends without \`${method}()\` on \`${shown}\``,
    });
  }
  if (related.length === 0)
    related.push({ node: d.call, message: 'this driver has no unbind, and its private data has no [Symbol.dispose]' });
  return {
    at: creationSite(analysis, d, m) ?? m.decl ?? d.call,
    path: shown,
    type: analysis.checker.typeToString(analysis.checker.getNonNullableType(m.type)),
    method,
    related,
  };
}

/** `self.timers[i].x` for the steps `timers`, `[]`, `x`. */
function showSteps(steps: readonly string[]): string {
  return steps.reduce((acc, s) => (s === ELEMENT ? `${acc}[i]` : `${acc}.${s}`), 'self');
}

/** Where a kept value is made: a field initializer, `this.x = …` in a constructor, or the argument probe passes for a parameter property. */
function creationSite(analysis: AnalysisView, d: DriverDescriptor, m: Member): TS.Node | undefined {
  const { ts, checker } = analysis;
  const decl = m.decl;
  if (!decl) return undefined;
  if (ts.isPropertyDeclaration(decl)) {
    if (decl.initializer) return decl.initializer;
    const cls = decl.parent;
    const ctor = ts.isClassLike(cls) ? cls.members.find(ts.isConstructorDeclaration) : undefined;
    let found: TS.Node | undefined;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.left) &&
        n.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        n.left.name.getText() === decl.name.getText()
      )
        found = n.right;
      else ts.forEachChild(n, visit);
    };
    if (ctor?.body) visit(ctor.body);
    return found;
  }
  if (ts.isParameter(decl) && ts.isConstructorDeclaration(decl.parent) && d.probe) {
    const ctor = decl.parent;
    const i = ctor.parameters.indexOf(decl);
    let found: TS.Node | undefined;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (ts.isNewExpression(n) && checker.getResolvedSignature(n)?.getDeclaration() === ctor) {
        const arg = n.arguments?.[i];
        if (arg && ts.isIdentifier(arg)) {
          const v = checker.getSymbolAtLocation(arg)?.valueDeclaration;
          found = v && ts.isVariableDeclaration(v) && v.initializer ? v.initializer : arg;
        } else found = arg;
      } else ts.forEachChild(n, visit);
    };
    if (d.probe.body) visit(d.probe.body);
    return found;
  }
  if (ts.isPropertyAssignment(decl)) return decl.initializer;
  return undefined;
}
