// required-teardown: a value that owes `m()` (RequiresTeardown<'m'>) and is
// created during a binding has `m` called on every path before the binding
// ends: in unbind or drop when kept in the private data, before probe
// returns or throws otherwise. Calling `m` from a deferred callback is wrong.
import {
  type AnalysisView,
  type Reporter as RuleReporter,
  type Cfg,
  type DriverDescriptor,
  type FunctionNode,
  type TS,
  createRule,
  inFile,
  firstUncoveredPath,
  givenBack,
  isFunctionNode,
  mayGive,
  outermostWrapper,
  possibleSignatures,
  skipOuter,
  statementOf,
  text,
  typeOfCall,
  walk,
  operationalFunctions,
} from '@drvlint/core';
import { insertionInto, keepingNodes, structureAround } from './shared/keeping.js';
import { lineOf, overwrittenHandles } from './shared/overwritten-handles.js';
import { type KeptObligation, keptObligations } from './shared/kept-obligations.js';

const messages = {
  keptNotTornDown:
    '`{{path}}` ({{type}}) is kept in the private data, but `{{method}}()` is not called on every path of unbind or `[Symbol.dispose]`.',
  notUnwound:
    '`{{name}}` ({{type}}) is started here, but probe can fail at line {{line}} without calling `{{method}}()` on it; unwind it on that error path.',
  ctorNotUnwound:
    '`{{name}}` ({{type}}) is started here, but the constructor can throw at line {{line}} without calling `{{method}}()` on it, and then nothing holds it; tear it down before throwing.',
  notKept:
    '`{{name}}` ({{type}}) is started here, but probe can return at line {{line}} without calling `{{method}}()` on it or keeping it in the private data.',
  dropped: 'The {{type}} started here is dropped, so nothing can call `{{method}}()` on it before the binding ends.',
  wrongCaller: "`{{method}}()` tears down `{{value}}`; it belongs in unbind, `[Symbol.dispose]` or probe's error path, not in {{where}}.",
  overwritten:
    '`{{name}}` ({{type}}) is assigned again at line {{line}} while it may still hold the value started here, which then never gets `{{method}}()`; tear it down before overwriting it.',
};
type MessageId = keyof typeof messages;

export default createRule({
  meta: {
    id: 'required-teardown',
    type: 'problem',
    description:
      'A value whose type carries RequiresTeardown<"m"> has m() called on every path before its binding ends: in unbind or [Symbol.dispose] when kept in the private data, before probe returns or throws otherwise; and m() is not called from deferred callbacks.',
    messages,
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
  },
  check({ analysis, index, file, report }) {
    for (const o of inFile(keptObligations(analysis), obligationNode, file)) {
      report({ node: o.at, messageId: 'keptNotTornDown', data: { path: o.path, type: o.type, method: o.method }, related: o.related });
    }
    for (const d of inFile(analysis.drivers.descriptors, probeNode, file)) if (d.probe) probeLocals(analysis, d.probe, report);
    dropped(analysis, index, report);
    constructorsThatThrow(analysis, index, report);
    wrongCallers(analysis, index, report);
    for (const o of overwrittenHandles(analysis, index)) report({ node: o.value, messageId: 'overwritten', data: o.data });
  },
});

const obligationNode = (o: KeptObligation): TS.Node => o.at;
const probeNode = (d: DriverDescriptor): TS.Node | undefined => d.probe;

type Reporter = RuleReporter<MessageId>;

/** Values started in probe and held in locals: torn down or kept on every path out. */
function probeLocals(analysis: AnalysisView, probe: FunctionNode, report: Reporter): void {
  const { ts, checker, teardown, teardownFlow } = analysis;
  const cfg = analysis.cfgOf(probe);
  const visit = (n: TS.Node): boolean => {
    if (isFunctionNode(ts, n) && n !== probe) return false;
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !n.getSourceFile().isDeclarationFile) check(n);
    return true;
  };
  const check = (created: TS.CallExpression | TS.NewExpression): void => {
    if (!mayOweTeardown(analysis, created)) return;
    const type = typeOfCall(ts, checker, created);
    const methods = teardown.methodsOf(type);
    if (methods.size === 0) return;
    const method = [...methods].join('()`/`');
    const outer = outermostWrapper(ts, created);
    if (isDropped(analysis, outer)) return; // reported by dropped(), wherever it is
    const typeName = checker.typeToString(checker.getNonNullableType(type));
    // A fallible call later in the same statement (`new Self(new Gpu(…),
    // Registration.new(…))`): if it throws, nothing holds the value yet.
    const late = fallibleLater(analysis, cfg, outer);
    if (late) {
      const name = text(created);
      report({
        node: created,
        messageId: 'notUnwound',
        data: { name, type: typeName, method, line: lineOf(late) },
        related: [{ node: late, message: `this call can fail after \`${name}\` was started, and then nothing holds it` }],
      });
      return;
    }
    // Made inside a structure (`new Self(start())`, `{ timer: start() }`):
    // the local that holds the structure holds the value.
    const held = heldBy(analysis, probe, outer);
    if (!held) return; // returned or stored: the private-data check covers it
    const { local, statement, inline } = held;
    const start = cfg.nodeOf.get(statement);
    if (start === undefined) return;
    const torn = inline
      ? teardownFlow.coveringNodes(probe, { root: local, steps: [] }, undefined, true)
      : teardownFlow.coveringNodes(probe, { root: local, steps: [] }, methods);
    const keeps = keepingNodes(analysis, cfg, local);
    const name = inline ? `${text(created)}\` in \`${local.name}` : local.name;
    const onThrow = firstUncoveredPath(cfg, start, [cfg.throwExit], (id) => torn.has(id), fallibleNode(analysis));
    if (onThrow) {
      const at = lastStatement(cfg.nodes, onThrow) ?? probe;
      report({
        node: created,
        messageId: 'notUnwound',
        data: { name, type: typeName, method, line: lineOf(at) },
        related: [{ node: at, message: `probe fails here without \`${method}()\` on \`${name}\`` }],
      });
      return;
    }
    const onReturn = firstUncoveredPath(cfg, start, [cfg.returnExit], (id) => torn.has(id) || keeps.has(id));
    if (onReturn) {
      const at = lastStatement(cfg.nodes, onReturn) ?? probe;
      report({
        node: created,
        messageId: 'notKept',
        data: { name, type: typeName, method, line: lineOf(at) },
        related: [{ node: at, message: `probe returns here with \`${name}\` neither torn down nor kept` }],
      });
    }
  };
  if (probe.body) walk(ts, probe.body, visit);
}

/**
 * The probe local that holds a value made at `outer`: the variable it
 * initialises, the one holding a structure it is built into
 * (`new Self(start())`, `{ timer: start() }`), or a local collection it is
 * inserted into (`timers.push(start())`). `inline` when the value is inside
 * what the local holds rather than the local's value itself.
 */
function heldBy(
  analysis: AnalysisView,
  probe: FunctionNode,
  outer: TS.Node,
): { local: TS.Symbol; statement: TS.Node; inline: boolean } | undefined {
  const { ts, checker } = analysis;
  const cfg = analysis.cfgOf(probe);
  const into = insertionInto(analysis, outer);
  if (into) {
    const base = skipOuter(ts, into);
    const local = ts.isIdentifier(base) ? checker.getSymbolAtLocation(base) : undefined;
    const decl = local?.valueDeclaration;
    if (!local || !decl || !ts.isVariableDeclaration(decl) || analysis.functionAround(decl) !== probe) return undefined;
    const statement = statementOf(cfg, outer);
    return statement ? { local, statement, inline: true } : undefined;
  }
  const holder = structureAround(analysis, outer);
  const parent = holder.parent;
  if (!parent || !ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return undefined;
  if (ts.isVariableDeclarationList(parent.parent) && parent.parent.flags & ts.NodeFlags.Using) return undefined; // disposed on every way out of the block
  const local = checker.getSymbolAtLocation(parent.name);
  const statement = parent.parent.parent;
  return local && statement ? { local, statement, inline: holder !== outer } : undefined;
}

/**
 * A value that owes a teardown and is thrown away where it is made, in any
 * function (probe, a helper it calls, a constructor): `start(…);`, or made
 * only to read something off it (`${new Gpu(pdev, bar).arch}`). Nothing can
 * tear it down afterwards.
 */
function dropped(analysis: AnalysisView, index: ReturnType<AnalysisView['indexOf']>, report: Reporter): void {
  const { ts, checker, teardown } = analysis;
  for (const created of index.calls) {
    // `requireTeardown(this, 'm')`: a generic that gives back an argument as it came makes nothing new.
    if (!isDropped(analysis, outermostWrapper(ts, created)) || !mayOweTeardown(analysis, created) || givenBack(ts, checker, created))
      continue;
    const type = checker.getTypeAtLocation(created);
    const methods = teardown.methodsOf(type);
    if (methods.size === 0) continue;
    // A call may hand back what it was given (`requireTeardown(this, 'm')`): that makes nothing new.
    if (
      ts.isCallExpression(created) &&
      created.arguments.some((a) => checker.getTypeAtLocation(a) === type || skipOuter(ts, a).kind === ts.SyntaxKind.ThisKeyword)
    )
      continue;
    report({
      node: created,
      messageId: 'dropped',
      data: { type: checker.typeToString(checker.getNonNullableType(type)), method: [...methods].join('()`/`') },
    });
  }
}

/**
 * Whether what `call` gives may owe a teardown: false, without resolving the
 * call, when every signature its callee can have is non-generic and declares
 * a result that owes none. Most calls in probe, and most dropped ones, give
 * `void` or plain data; typing each resolved it.
 */
function mayOweTeardown(analysis: AnalysisView, call: TS.CallExpression | TS.NewExpression): boolean {
  const { ts, checker, teardown } = analysis;
  return mayGive(ts, possibleSignatures(ts, checker, call), (result) => teardown.methodsOf(result).size > 0);
}

/**
 * Whether the value of `outer` is used up where it is made: a statement or
 * `void` of its own, a field read off it, or an operand that yields
 * something else (a comparison, arithmetic, `!`, `typeof`, a template or a
 * condition). `a ?? b`, `a || b`, `c ? a : b` and `(x, a)` pass it on, so
 * what happens to them decides.
 */
function isDropped(analysis: AnalysisView, outer: TS.Node): boolean {
  const { ts } = analysis;
  const p = outer.parent;
  if (!p) return false;
  if (ts.isExpressionStatement(p) || ts.isVoidExpression(p) || ts.isTemplateSpan(p) || ts.isTypeOfExpression(p)) return true;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return true;
  // Only a field read off it: `new Gpu(…).arch`; not a method call, which may hand it on (`create(cb).start(…)`).
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === outer)
    return !(p.parent && ts.isCallExpression(p.parent) && p.parent.expression === p);
  if ((ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) && p.expression === outer) return true;
  if (ts.isConditionalExpression(p)) return p.condition === outer || isDropped(analysis, outermostWrapper(ts, p));
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken) return p.left === outer || isDropped(analysis, outermostWrapper(ts, p));
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken)
      return isDropped(analysis, outermostWrapper(ts, p));
    // Assignments keep it; every other operator makes a new value out of it.
    return !(op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment);
  }
  return false;
}

/**
 * A constructor that keeps a started value in `this.x` and then throws
 * (itself, before tearing it down): the object is never made, so nothing
 * ever tears the value down. Probe's error paths cannot reach it either.
 */
function constructorsThatThrow(analysis: AnalysisView, index: ReturnType<AnalysisView['indexOf']>, report: Reporter): void {
  const { ts, checker, teardown, teardownFlow } = analysis;
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
    const method = [...methods].join('()`/`');
    const torn = teardownFlow.coveringNodes(ctor, path, methods);
    const onThrow = firstUncoveredPath(cfg, start, [cfg.throwExit], (id) => torn.has(id), fallibleNode(analysis));
    const throwsAt = onThrow ? (lastStatement(cfg.nodes, onThrow) ?? ctor) : analysis.fallible.after(created, statement);
    if (!throwsAt) return;
    report({
      node: created,
      messageId: 'ctorNotUnwound',
      data: { name, type: checker.typeToString(checker.getNonNullableType(type)), method, line: lineOf(throwsAt) },
      related: [{ node: throwsAt, message: `the constructor can throw here without \`${method}()\` on \`${name}\`` }],
    });
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

/** As the CFG check wants it: whether a node's own evaluation makes a fallible call. */
function fallibleNode(analysis: AnalysisView): (node: { readonly ast: TS.Node | undefined }) => boolean {
  return (node) => node.ast !== undefined && analysis.fallible.node(node.ast);
}

/** A fallible call evaluated after `value` within the statement that makes it. */
function fallibleLater(analysis: AnalysisView, cfg: Cfg, value: TS.Node): TS.Node | undefined {
  const statement = statementOf(cfg, value);
  return statement && analysis.fallible.after(value, statement);
}

function lastStatement(nodes: readonly { readonly ast: TS.Node | undefined }[], path: readonly number[]): TS.Node | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const ast = nodes[path[i] as number]?.ast;
    if (ast) return ast;
  }
  return undefined;
}

/**
 * Teardown methods called on an operational path: from an IRQ handler, a
 * timer or work callback, a listener, or any function reachable only from
 * them, in any file, whatever the handler's shape.
 */
function wrongCallers(analysis: AnalysisView, index: ReturnType<AnalysisView['indexOf']>, report: Reporter): void {
  const { ts, checker, teardown } = analysis;
  const operational = operationalFunctions(analysis);
  if (operational.size === 0) return;
  for (const call of index.calls) {
    if (!ts.isCallExpression(call)) continue;
    const callee = skipOuter(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    // Where the call is, first: a walk up the tree, where typing the receiver asks the checker for a flow analysis.
    let where: string | undefined;
    for (let p: TS.Node | undefined = call.parent; p && !where; p = p.parent)
      where = isFunctionNode(ts, p) ? operational.get(p) : undefined;
    if (!where || !teardown.methodsOf(checker.getTypeAtLocation(callee.expression)).has(callee.name.text)) continue;
    report({ node: call, messageId: 'wrongCaller', data: { method: callee.name.text, value: text(callee.expression), where } });
  }
}
