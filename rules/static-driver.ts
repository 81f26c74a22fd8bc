// static-driver: driver descriptors and the module declaration are
// module-level consts built from literals, never created in functions,
// chosen conditionally, held in let/var, or mutated afterwards, and driver
// code never tracks whether it is registered.
import { type AnalysisView, type TS, createRule, inFile, isModuleScope, skipOuter, symbolAt, text } from '@drvlint/core';
import { registrationTracking } from './shared/registration.js';

type Why = 'inFunction' | 'conditional' | 'notConst' | 'notModuleLevel' | 'notLiteral';

export default createRule({
  meta: {
    id: 'static-driver',
    type: 'problem',
    description:
      'Driver descriptors and the module declaration are module-level consts built from literals: not created in functions, chosen conditionally, held in let/var, or mutated afterwards; driver code never tracks whether it is registered.',
    messages: {
      inFunction: '{{what}} is created inside `{{fn}}`; declare it once, as a module-level `const`.',
      conditional: '{{what}} is chosen conditionally; declare each driver as its own module-level `const` and list it in the module.',
      notConst: '{{what}} is held in `{{kind}} {{name}}`; make it a module-level `const`.',
      notModuleLevel: '{{what}} is declared inside a block; make it a module-level `const`.',
      notLiteral: '{{what}} is not built from a literal; write its definition inline as an object literal.',
      mutated: '{{what}} `{{name}}` is mutated here ({{how}}); driver structures are read-only once declared.',
      tracked:
        '{{what}} {{how}}: driver code never tracks whether it is registered. `module({ drivers })` registers it and the driver core calls `probe`; drop the bookkeeping.',
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
    fixable: 'code',
  },
  check({ analysis, index, file, report }) {
    const { ts } = analysis;
    const structures = staticStructures(analysis);
    for (const [call, what] of inFile(structures.list, structureNode, file)) {
      const problem = placement(analysis, call);
      if (problem)
        report(
          problem.fix
            ? { node: problem.node, messageId: problem.why, data: { what, ...problem.data }, fix: problem.fix }
            : { node: problem.node, messageId: problem.why, data: { what, ...problem.data } },
        );
    }
    // Mutations, in any file: a write through a binding that holds a structure.
    const holderOf = (e: TS.Expression): TS.VariableDeclaration | undefined => {
      let x = skipOuter(ts, e);
      while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) x = skipOuter(ts, x.expression);
      if (!ts.isIdentifier(x)) return undefined;
      const d = symbolAt(analysis.checker, ts, x)?.valueDeclaration;
      return d && ts.isVariableDeclaration(d) && structures.holders.has(d) ? d : undefined;
    };
    // `d = other` rebinds a `let` holding a structure: reported once, as notConst at the `let`.
    const rebinds = (target: TS.Expression): boolean => ts.isIdentifier(skipOuter(ts, target)) && holderOf(target) !== undefined;
    const mutated = (node: TS.Node, target: TS.Expression, how: string): void => {
      const holder = holderOf(target);
      if (!holder || (how === 'assignment' && rebinds(target))) return;
      report({
        node,
        messageId: 'mutated',
        data: { what: structures.holders.get(holder) ?? 'The driver structure', name: holder.name.getText(), how },
      });
    };
    for (const w of index.writes) {
      if (w.how === 'assign') mutated(w.at, w.target, 'assignment');
      else if (w.how === 'merge') mutated(w.at, w.target, w.via ?? 'merge');
    }
    for (const d of index.deletes) mutated(d, d.expression, 'delete');
    const isStructureCall = (n: TS.Node): boolean => ts.isCallExpression(n) && structures.calls.has(n);
    for (const t of registrationTracking(analysis, index, isStructureCall)) {
      if (ts.isBinaryExpression(t.node) && t.node.operatorToken.kind === ts.SyntaxKind.EqualsToken && rebinds(t.node.left)) continue;
      report({ node: t.node, messageId: 'tracked', data: { what: t.what, how: t.how } });
    }
  },
});

interface Structures {
  /** Each descriptor or module call, with how messages name it. */
  readonly calls: ReadonlyMap<TS.CallExpression, string>;
  /** The same, as a list, for reading per file. */
  readonly list: readonly (readonly [TS.CallExpression, string])[];
  readonly modules: ReadonlySet<TS.CallExpression>;
  /** Variables that hold a structure. */
  readonly holders: ReadonlyMap<TS.VariableDeclaration, string>;
}

const cache = new WeakMap<AnalysisView, Structures>();
const structureNode = ([call]: readonly [TS.CallExpression, string]): TS.Node => call;

function staticStructures(analysis: AnalysisView): Structures {
  const known = cache.get(analysis);
  if (known) return known;
  const { ts } = analysis;
  const calls = new Map<TS.CallExpression, string>();
  // A legacy class driver's Registration.new is no-legacy-api's finding; its migration makes the descriptor static.
  for (const d of analysis.drivers.descriptors) if (!d.classDriver) calls.set(d.call, 'The driver descriptor');
  for (const m of analysis.drivers.modules) calls.set(m, 'The module declaration');
  const holders = new Map<TS.VariableDeclaration, string>();
  for (const [call, what] of calls) {
    for (let p: TS.Node = call.parent; p; p = p.parent) {
      if (ts.isVariableDeclaration(p)) {
        holders.set(p, what);
        break;
      }
      if (ts.isStatement(p) || ts.isFunctionLike(p)) break;
    }
  }
  const s = { calls, list: [...calls], holders, modules: new Set(analysis.drivers.modules) };
  cache.set(analysis, s);
  return s;
}

interface Problem {
  readonly why: Why;
  readonly node: TS.Node;
  readonly data: Record<string, string>;
  readonly fix?: readonly { start: number; end: number; text: string }[];
}

/** What is wrong with where a structure is created, if anything. */
function placement(analysis: AnalysisView, call: TS.CallExpression): Problem | undefined {
  const { ts } = analysis;
  const fn = analysis.functionAround(call);
  if (fn) return { why: 'inFunction', node: call, data: { fn: functionName(ts, fn) } };
  const isModule = staticStructures(analysis).modules.has(call);
  if (isModule) {
    const arg = call.arguments[0] ? skipOuter(ts, call.arguments[0]) : undefined;
    if (!arg || !ts.isObjectLiteralExpression(arg)) return { why: 'notLiteral', node: call, data: {} };
  }
  let n: TS.Node = call;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (ts.isConditionalExpression(p) && p.condition !== n) return { why: 'conditional', node: call, data: {} };
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.AmpersandAmpersandToken)
        return { why: 'conditional', node: call, data: {} };
      if (op === ts.SyntaxKind.EqualsToken) {
        const target = skipOuter(ts, p.left);
        return { why: 'notConst', node: call, data: { kind: 'an assignment to', name: text(target) } };
      }
    }
    if (ts.isIfStatement(p) || ts.isSwitchStatement(p) || ts.isIterationStatement(p, false) || ts.isTryStatement(p))
      return { why: 'conditional', node: call, data: {} };
    if (ts.isVariableDeclaration(p)) return declarationProblem(analysis, p, call);
    if (ts.isExportAssignment(p) || ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

function declarationProblem(analysis: AnalysisView, decl: TS.VariableDeclaration, call: TS.CallExpression): Problem | undefined {
  const { ts } = analysis;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list)) return undefined;
  if (!(list.flags & ts.NodeFlags.Const)) {
    const kind = list.flags & ts.NodeFlags.Let ? 'let' : 'var';
    const file = decl.getSourceFile();
    // Safe to fix only when the binding is the list's only one and nothing writes it, in any form.
    const reassigned = isWritten(analysis, file, decl);
    const canFix = kind === 'let' && list.declarations.length === 1 && !reassigned && isModuleScope(ts, decl);
    const keyword = list.getFirstToken(file);
    return {
      why: 'notConst',
      node: call,
      data: { kind, name: decl.name.getText() },
      ...(canFix && keyword ? { fix: [{ start: keyword.getStart(file), end: keyword.end, text: 'const' }] } : {}),
    };
  }
  if (isModuleScope(ts, decl)) return undefined;
  for (let p: TS.Node | undefined = decl.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isIfStatement(p) || ts.isSwitchStatement(p) || ts.isIterationStatement(p, false) || ts.isTryStatement(p))
      return { why: 'conditional', node: call, data: {} };
  }
  return { why: 'notModuleLevel', node: call, data: {} };
}

function functionName(ts: AnalysisView['ts'], fn: TS.Node): string {
  const named = fn as TS.Node & { name?: TS.Node };
  if (named.name) return named.name.getText();
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p)) return p.name.getText();
  if (p && ts.isPropertyAssignment(p)) return p.name.getText();
  return 'a function';
}

/**
 * Whether anything in `file` writes the binding `decl`: an assignment of any
 * operator, `++`/`--`, a destructuring target (`[a, drv] = …`), or the head
 * of a `for…of`/`for…in` (`for (drv of list)`).
 */
function isWritten(analysis: AnalysisView, file: TS.SourceFile, decl: TS.VariableDeclaration): boolean {
  const { ts, checker } = analysis;
  const K = ts.SyntaxKind;
  const isTarget = (id: TS.Node): boolean => {
    let n: TS.Node = id;
    for (let p = n.parent; p; n = p, p = p.parent) {
      if (
        ts.isParenthesizedExpression(p) ||
        ts.isArrayLiteralExpression(p) ||
        ts.isSpreadElement(p) ||
        ts.isSpreadAssignment(p) ||
        ts.isShorthandPropertyAssignment(p)
      )
        continue;
      if (ts.isPropertyAssignment(p) && p.initializer === n) continue;
      if (ts.isObjectLiteralExpression(p)) continue;
      if (ts.isBinaryExpression(p))
        return p.left === n && p.operatorToken.kind >= K.FirstAssignment && p.operatorToken.kind <= K.LastAssignment;
      if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p))
        return p.operator === K.PlusPlusToken || p.operator === K.MinusMinusToken;
      if (ts.isForOfStatement(p) || ts.isForInStatement(p)) return p.initializer === n;
      return false;
    }
    return false;
  };
  let written = false;
  const visit = (n: TS.Node): void => {
    if (written) return;
    if (ts.isIdentifier(n) && n !== decl.name && checker.getSymbolAtLocation(n)?.valueDeclaration === decl && isTarget(n)) written = true;
    else ts.forEachChild(n, visit);
  };
  visit(file);
  return written;
}
