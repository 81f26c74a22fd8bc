// required-teardown: a value that owes `m()` (RequiresTeardown<'m'>) and is
// created during a binding has `m` called on every path before the binding
// ends: in unbind or drop when kept in the private data, before probe
// returns or throws otherwise. Calling `m` from a deferred callback is wrong.
import {
  type AnalysisView,
  type Reporter as RuleReporter,
  type Cfg,
  type FunctionNode,
  type TS,
  type TypeScript,
  createRule,
  inFile,
  firstUncoveredPath,
  givenBack,
  isFunctionNode,
  outermostWrapper,
  skipOuter,
  statementOf,
  text,
  typeOfCall,
  operationalFunctions,
  reachableFrom,
  isNonRetaining,
  libraryMemberOf,
} from '@drvlint/core';
import { collectingCall, insertionInto, keepingNodes, structureAround } from './shared/keeping.js';
import { lineOf, overwrittenHandles } from './shared/overwritten-handles.js';
import { fallibleNode, lastStatement, mayOweTeardown, throwingConstructors } from './shared/throwing-constructors.js';
import { type KeptObligation, keptObligations } from './shared/kept-obligations.js';

const messages = {
  keptNotTornDown:
    '`{{path}}` ({{type}}) is kept in the private data, but `{{method}}()` is not called on every path of unbind or `[Symbol.dispose]`.',
  notUnwound:
    '`{{name}}` ({{type}}) is started here, but {{fn}} can fail at line {{line}} without calling `{{method}}()` on it; unwind it on that error path.',
  ctorNotUnwound:
    '`{{name}}` ({{type}}) is started here, but the constructor can throw at line {{line}} without calling `{{method}}()` on it, and then nothing holds it; tear it down before throwing.',
  notKept:
    '`{{name}}` ({{type}}) is started here, but {{fn}} can return at line {{line}} without calling `{{method}}()` on it or keeping it {{keep}}.',
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
    // Probe, and every function it runs (its helpers, the constructors it calls): a value one of them starts and
    // holds in a local is lost when it throws or returns without it.
    const run = probeRuns(analysis);
    for (const fn of inFile(run.functions, itself, file)) probeLocals(analysis, fn, report, run.probes.has(fn));
    dropped(analysis, index, report);
    throwingConstructors(analysis, index, report);
    wrongCallers(analysis, index, report);
    for (const o of overwrittenHandles(analysis, index)) report({ node: o.value, messageId: 'overwritten', data: o.data });
  },
});

const obligationNode = (o: KeptObligation): TS.Node => o.at;
const itself = (fn: FunctionNode): TS.Node => fn;

const runs = new WeakMap<AnalysisView, { functions: readonly FunctionNode[]; probes: ReadonlySet<FunctionNode> }>();

/** The program's probes, and every function they run: one list per analysis, read per file (see inFile). */
function probeRuns(analysis: AnalysisView): { functions: readonly FunctionNode[]; probes: ReadonlySet<FunctionNode> } {
  let known = runs.get(analysis);
  if (!known) {
    const probes = new Set<FunctionNode>();
    for (const d of analysis.drivers.descriptors) if (d.probe) probes.add(d.probe);
    runs.set(analysis, (known = { functions: [...new Set([...probes, ...reachableFrom(analysis, 'probe')])], probes }));
  }
  return known;
}

type Reporter = RuleReporter<MessageId>;

/**
 * Values started in probe (or a function it runs) and held in locals: torn
 * down or kept on every path out. Probe keeps them in the private data; a
 * helper keeps them for its caller (returned, or stored where it is given).
 */
function probeLocals(analysis: AnalysisView, probe: FunctionNode, report: Reporter, isProbe: boolean): void {
  const { ts, checker, teardown, teardownFlow } = analysis;
  const fnName = isProbe ? 'probe' : `\`${functionName(ts, probe)}\``;
  const keep = isProbe ? 'in the private data' : 'for its caller';
  const cfg = analysis.cfgOf(probe);
  // Its own calls, and those of the callbacks whose results `map` collects: they run within it, and what they return
  // is held by the array. The collecting callbacks around a call, innermost first; undefined for a call of another
  // function.
  const collectorsAround = (c: TS.Node): { fn: FunctionNode; call: TS.CallExpression }[] | undefined => {
    const out: { fn: FunctionNode; call: TS.CallExpression }[] = [];
    for (let f = analysis.functionAround(c); f; f = analysis.functionAround(f)) {
      if (f === probe) return out;
      const call = collectingCall(analysis, f);
      if (!call) return undefined;
      out.push({ fn: f, call });
    }
    return undefined;
  };
  const check = (created: TS.CallExpression | TS.NewExpression): void => {
    const collectors = mayOweTeardown(analysis, created) ? collectorsAround(created) : undefined;
    if (!collectors) return;
    const type = typeOfCall(ts, checker, created);
    const methods = teardown.methodsOf(type);
    if (methods.size === 0) return;
    const method = [...methods].join('()`/`');
    const outer = outermostWrapper(ts, created);
    if (isDropped(analysis, outer)) return; // reported by dropped(), wherever it is
    const typeName = checker.typeToString(checker.getNonNullableType(type));
    // A fallible call later in the same statement (`new Self(new Gpu(…),
    // Registration.new(…))`): if it throws, nothing holds the value yet. A
    // collecting callback that may throw drops what it made for the elements
    // before, with the array it was building.
    const late = fallibleLater(analysis, cfg, outer) ?? collectors.find((x) => analysis.fallible.mayThrow(x.fn))?.call;
    if (late) {
      const name = text(created);
      report({
        node: created,
        messageId: 'notUnwound',
        data: { name, type: typeName, method, line: lineOf(late), fn: fnName },
        related: [{ node: late, message: `this call can fail after \`${name}\` was started, and then nothing holds it` }],
      });
      return;
    }
    // Made inside a structure (`new Self(start())`, `{ timer: start() }`):
    // the local that holds the structure holds the value.
    const held = heldBy(analysis, probe, outer);
    if (!held) return; // returned or stored: the private-data check covers it
    const { local, statement, inline } = held;
    // In a helper, a closure over the local may be what keeps and tears it down (`return { stop() { t.cancel(); } }`),
    // which nothing here follows: not judged.
    if (!isProbe && capturedIn(analysis, probe).has(local)) return;
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
        data: { name, type: typeName, method, line: lineOf(at), fn: fnName },
        related: [{ node: at, message: `${fnName} fails here without \`${method}()\` on \`${name}\`` }],
      });
      return;
    }
    // A failure that a `catch` in it handles is a way to a normal return too (`catch { return new Self(undefined); }`).
    const onReturn = firstUncoveredPath(cfg, start, [cfg.returnExit], (id) => torn.has(id) || keeps.has(id), fallibleNode(analysis));
    if (onReturn) {
      const at = lastStatement(cfg.nodes, onReturn) ?? probe;
      report({
        node: created,
        messageId: 'notKept',
        data: { name, type: typeName, method, line: lineOf(at), fn: fnName, keep },
        related: [{ node: at, message: `${fnName} returns here with \`${name}\` neither torn down nor kept` }],
      });
    }
  };
  for (const c of analysis.itemsOf(probe).calls) check(c);
}

const captured = new WeakMap<FunctionNode, ReadonlySet<TS.Symbol>>();

/** The variables of `fn` that a function nested in it refers to. */
function capturedIn(analysis: AnalysisView, fn: FunctionNode): ReadonlySet<TS.Symbol> {
  let known = captured.get(fn);
  if (known) return known;
  const { ts, checker } = analysis;
  const out = new Set<TS.Symbol>();
  const inNested = (n: TS.Node, nested: boolean): void => {
    // A member's name is a property, never a variable: resolving it would type its receiver.
    if (nested && ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      const s = checker.getSymbolAtLocation(n);
      if (s?.valueDeclaration && analysis.functionAround(s.valueDeclaration) === fn) out.add(s);
    }
    ts.forEachChild(n, (c) => inNested(c, nested || isFunctionNode(ts, c)));
  };
  if (fn.body) inNested(fn.body, false);
  captured.set(fn, (known = out));
  return known;
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
  // `t = start()` into a local declared earlier (`let t; try { t = start(); … }`).
  if (parent && ts.isBinaryExpression(parent) && parent.right === holder && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuter(ts, parent.left);
    const local = ts.isIdentifier(target) ? checker.getSymbolAtLocation(target) : undefined;
    const decl = local?.valueDeclaration;
    if (!local || !decl || !ts.isVariableDeclaration(decl) || analysis.functionAround(decl) !== probe) return undefined;
    const statement = statementOf(cfg, parent);
    return statement ? { local, statement, inline: holder !== outer } : undefined;
  }
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
    if (!droppedWhereMade(analysis, created) || !mayOweTeardown(analysis, created) || givenBack(ts, checker, created)) continue;
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
 * Whether what `created` gives is lost where it is made: dropped itself, or
 * put into a structure that is (`[start()];`, `new Set([start()]);`), or
 * handed to a library function that keeps nothing and gives plain data
 * (`String({ t: start() })`).
 */
function droppedWhereMade(analysis: AnalysisView, created: TS.CallExpression | TS.NewExpression): boolean {
  const { ts, checker } = analysis;
  const outer = outermostWrapper(ts, created);
  if (isDropped(analysis, outer)) return true;
  const holder = structureAround(analysis, outer);
  if (holder !== outer && isDropped(analysis, holder)) return true;
  const call = holder.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.some((a) => a === holder)) return false;
  const member = libraryMemberOf(ts, checker, call);
  if (member === undefined || !isNonRetaining(member)) return false;
  // What it gives is plain data (a string, a number, nothing), which holds nothing it was given.
  const primitive =
    ts.TypeFlags.StringLike |
    ts.TypeFlags.NumberLike |
    ts.TypeFlags.BooleanLike |
    ts.TypeFlags.BigIntLike |
    ts.TypeFlags.Void |
    ts.TypeFlags.Undefined;
  return (checker.getTypeAtLocation(call).flags & ~primitive) === 0;
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

/** How a message names a function: `Gpu.init`, `initHw`, `Gpu constructor`, or `a callback`. */
function functionName(ts: TypeScript, fn: FunctionNode): string {
  const owner = fn.parent && ts.isClassLike(fn.parent) ? fn.parent.name?.text : undefined;
  if (ts.isConstructorDeclaration(fn)) return `${owner ?? 'class'} constructor`;
  const name = fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)) ? fn.name.text : undefined;
  if (name) return owner ? `${owner}.${name}` : name;
  const holder = fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  return holder ?? 'a callback';
}

function fallibleLater(analysis: AnalysisView, cfg: Cfg, value: TS.Node): TS.Node | undefined {
  const statement = statementOf(cfg, value);
  return statement && analysis.fallible.after(value, statement);
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
