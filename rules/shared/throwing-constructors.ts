// Constructors that throw while they hold a started value: in `this.x`, in a
// field initialiser, or the object itself once it called
// `requireTeardown(this, 'm')`. The object is never made, so nothing ever
// tears the value down, and probe's error paths cannot reach it either.
import {
  type AnalysisView,
  type Cfg,
  type TS,
  type TypeScript,
  firstUncoveredPath,
  mayGive,
  possibleSignatures,
  skipOuter,
  statementOf,
  typeOfCall,
} from '@drvlint/core';
import { lineOf } from './overwritten-handles.js';

/** What a finding of a throwing constructor needs: required-teardown's `ctorNotUnwound`. */
export type CtorReporter = (finding: {
  readonly node: TS.Node;
  readonly messageId: 'ctorNotUnwound';
  readonly data: { readonly name: string; readonly type: string; readonly method: string; readonly line: string };
  readonly related: readonly { readonly node: TS.Node; readonly message: string }[];
}) => void;

/**
 * A constructor that keeps a started value in `this.x` and then throws
 * (itself, before tearing it down): the object is never made, so nothing
 * ever tears the value down. Probe's error paths cannot reach it either.
 */
export function throwingConstructors(analysis: AnalysisView, index: ReturnType<AnalysisView['indexOf']>, report: CtorReporter): void {
  const { ts, checker, teardown, teardownFlow } = analysis;
  const reportAt = (created: TS.Expression, type: TS.Type, methods: ReadonlySet<string>, name: string, throwsAt: TS.Node): void => {
    const method = [...methods].join('()`/`');
    report({
      node: created,
      messageId: 'ctorNotUnwound',
      data: { name, type: checker.typeToString(checker.getNonNullableType(type)), method, line: lineOf(throwsAt) },
      related: [{ node: throwsAt, message: `the constructor can throw here without \`${method}()\` on \`${name}\`` }],
    });
  };
  const check = (
    ctor: TS.ConstructorDeclaration,
    at: TS.Node,
    created: TS.Expression,
    type: TS.Type,
    name: string,
    path: { root: 'this'; steps: string[] },
  ): void => {
    const methods = teardown.methodsOf(type);
    if (methods.size === 0) return;
    const cfg = analysis.cfgOf(ctor);
    const statement = statementOf(cfg, at);
    const start = statement && cfg.nodeOf.get(statement);
    if (!statement || start === undefined) return;
    const torn = teardownFlow.coveringNodes(ctor, path, methods);
    const onThrow = firstUncoveredPath(cfg, start, [cfg.throwExit], (id) => torn.has(id), fallibleNode(analysis));
    const throwsAt = onThrow ? (lastStatement(cfg.nodes, onThrow) ?? ctor) : analysis.fallible.after(created, statement);
    if (throwsAt) reportAt(created, type, methods, name, throwsAt);
  };
  for (const w of index.writes) {
    const ctor = w.fn;
    if (w.how !== 'assign' || !ctor || !ts.isConstructorDeclaration(ctor)) continue;
    const target = skipOuter(ts, w.target);
    if (!ts.isPropertyAccessExpression(target) || skipOuter(ts, target.expression).kind !== ts.SyntaxKind.ThisKeyword) continue;
    const created = skipOuter(ts, w.value);
    if ((!ts.isCallExpression(created) && !ts.isNewExpression(created)) || !mayOweTeardown(analysis, created)) continue;
    check(ctor, w.at, created, typeOfCall(ts, checker, created), `this.${target.name.text}`, { root: 'this', steps: [target.name.text] });
  }
  // `readonly timer = start()`: a field initialiser runs as the constructor starts (after `super()`), so the
  // constructor's body, and the initialisers after it, can throw with the value made.
  for (const field of index.fields) {
    if (!ts.isPropertyDeclaration(field) || !field.initializer || isStatic(ts, field)) continue;
    if (!ts.isIdentifier(field.name) && !ts.isPrivateIdentifier(field.name)) continue;
    const created = skipOuter(ts, field.initializer);
    if ((!ts.isCallExpression(created) && !ts.isNewExpression(created)) || !mayOweTeardown(analysis, created)) continue;
    const type = typeOfCall(ts, checker, created);
    const methods = teardown.methodsOf(type);
    if (methods.size === 0) continue;
    const name = `this.${field.name.text}`;
    const cls = field.parent;
    const later = cls.members.slice(cls.members.indexOf(field) + 1);
    const laterThrow = later
      .map((m) =>
        ts.isPropertyDeclaration(m) && m.initializer && !isStatic(ts, m) ? analysis.fallible.after(field, m.initializer) : undefined,
      )
      .find((c) => c !== undefined);
    const ctor = cls.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    let throwsAt: TS.Node | undefined = laterThrow;
    if (!throwsAt && ctor) {
      const cfg = analysis.cfgOf(ctor);
      const from = fieldsStartAt(analysis, ctor, cfg);
      const torn = teardownFlow.coveringNodes(ctor, { root: 'this', steps: [field.name.text] }, methods);
      const onThrow =
        from === undefined ? undefined : firstUncoveredPath(cfg, from, [cfg.throwExit], (id) => torn.has(id), fallibleNode(analysis));
      throwsAt = onThrow ? (lastStatement(cfg.nodes, onThrow) ?? ctor) : undefined;
    }
    if (throwsAt) reportAt(created, type, methods, name, throwsAt);
  }
  // `requireTeardown(this, 'm')` in a constructor: the object itself owes
  // `m()` from there on, and a throw loses the object with the debt.
  for (const call of index.calls) {
    if (!ts.isCallExpression(call) || !call.arguments.some((a) => skipOuter(ts, a).kind === ts.SyntaxKind.ThisKeyword)) continue;
    const ctor = analysis.functionAround(call);
    if (!ctor || !ts.isConstructorDeclaration(ctor)) continue;
    if (!analysis.kernelCallee(call)) continue;
    check(ctor, call, call, typeOfCall(ts, checker, call), 'this', { root: 'this', steps: [] });
  }
}

function isStatic(ts: TypeScript, m: TS.ClassElement): boolean {
  return ts.getModifiers(m as TS.PropertyDeclaration)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

/**
 * The CFG node after which a constructor's field initialisers have run: its
 * entry, or in a derived class the `super(…)` statement. Undefined when that
 * call is not a statement of its own.
 */
function fieldsStartAt(analysis: AnalysisView, ctor: TS.ConstructorDeclaration, cfg: Cfg): number | undefined {
  const { ts } = analysis;
  const derived = ctor.parent.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
  if (!derived) return cfg.entry;
  const superCall = ctor.body?.statements.find(
    (st) =>
      ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
  );
  return superCall ? cfg.nodeOf.get(superCall) : undefined;
}

/** As the CFG check wants it: whether a node's own evaluation makes a fallible call. */
export function fallibleNode(analysis: AnalysisView): (node: { readonly ast: TS.Node | undefined }) => boolean {
  return (node) => node.ast !== undefined && analysis.fallible.node(node.ast);
}

/** A fallible call evaluated after `value` within the statement that makes it. */
/**
 * Whether what `call` gives may owe a teardown: false, without resolving the
 * call, when every signature its callee can have is non-generic and declares
 * a result that owes none. Most calls in probe, and most dropped ones, give
 * `void` or plain data; typing each resolved it.
 */
export function mayOweTeardown(analysis: AnalysisView, call: TS.CallExpression | TS.NewExpression): boolean {
  const { ts, checker, teardown } = analysis;
  return mayGive(ts, possibleSignatures(ts, checker, call), (result) => teardown.methodsOf(result).size > 0);
}

export function lastStatement(nodes: readonly { readonly ast: TS.Node | undefined }[], path: readonly number[]): TS.Node | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const ast = nodes[path[i] as number]?.ast;
    if (ast) return ast;
  }
  return undefined;
}
