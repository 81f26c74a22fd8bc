// "A driver should never know/care/wonder if it has been registered"
// (G. Kroah-Hartman). `module({ drivers })` is the registration; the only
// other thing code can do with a descriptor or a module declaration as a value
// is bookkeeping about it: keep it in mutable storage, test its identity, or
// look it up in a container. Those are what this finds, by the value's type,
// so an imported, re-exported or aliased descriptor is the same descriptor.
// Reading a field (`driver.name`) and handing the value to the kernel API
// (`module({ drivers: [d] })`, `core.load(mod)`) are not bookkeeping.
import { type AnalysisView, type FileIndex, type TS, isLibSymbol, isPrimitiveSyntax, skipOuter, text } from '@drvlint/core';

export interface Tracking {
  readonly node: TS.Node;
  readonly what: string;
  readonly how: string;
}

const LOOKUP = new Set(['has', 'get', 'includes', 'indexOf', 'lastIndexOf', 'delete']);
const CONTAINERS = new Set(['Array', 'ReadonlyArray', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'WeakMap', 'WeakSet']);

/** What kind of driver structure a type is, if it is one (or a union containing one). */
export function structureKind(analysis: AnalysisView, type: TS.Type): 'The driver descriptor' | 'The module declaration' | undefined {
  const kernel = analysis.kernel;
  if (!kernel) return undefined;
  for (const t of type.isUnion() ? type.types : [type]) {
    const s = t.aliasSymbol ?? t.getSymbol();
    if (!s) continue;
    if (kernel.driverInterfaces.has(s)) return 'The driver descriptor';
    if (kernel.moduleInterfaces.has(s)) return 'The module declaration';
  }
  return undefined;
}

export function registrationTracking(analysis: AnalysisView, index: FileIndex, isStructureCall: (n: TS.Node) => boolean): Tracking[] {
  const { ts, checker } = analysis;
  const out: Tracking[] = [];
  // A structure being created is placement's business, not tracking.
  const kindOf = (e: TS.Expression): string | undefined => {
    const x = skipOuter(ts, e);
    return isStructureCall(x) || neverStructure(ts, x) ? undefined : structureKind(analysis, checker.getTypeAtLocation(x));
  };
  const named = (e: TS.Expression): string => `\`${text(skipOuter(ts, e))}\``;

  for (const w of index.writes) {
    const what = kindOf(w.value);
    if (!what) continue;
    const how =
      w.how === 'insert'
        ? `is added to ${named(w.target)} with \`${w.via}\``
        : w.how === 'merge'
          ? `is copied into ${named(w.target)} with \`${w.via}\``
          : `is stored in ${named(w.target)}`;
    out.push({ node: w.at, what, how });
  }
  for (const v of index.variables) {
    const list = v.parent;
    if (
      !v.initializer ||
      !ts.isVariableDeclarationList(list) ||
      list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing)
    )
      continue;
    const what = kindOf(v.initializer);
    if (what) out.push({ node: v, what, how: `is kept in \`${list.flags & ts.NodeFlags.Let ? 'let' : 'var'} ${v.name.getText()}\`` });
  }
  for (const c of index.comparisons) {
    const what = kindOf(c.left) ?? kindOf(c.right);
    if (what) out.push({ node: c, what, how: `is compared by identity (\`${text(c)}\`)` });
  }
  for (const call of index.calls) {
    if (!ts.isCallExpression(call)) continue;
    const callee = skipOuter(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !LOOKUP.has(callee.name.text)) continue;
    const arg = call.arguments[0];
    const what = arg && kindOf(arg);
    if (!what) continue;
    const receiver = checker.getApparentType(checker.getTypeAtLocation(callee.expression)).getSymbol();
    if (receiver && CONTAINERS.has(receiver.name) && isLibSymbol(receiver))
      out.push({ node: call, what, how: `is looked up in ${named(callee.expression)} with \`${callee.name.text}\`` });
  }
  return out;
}

/**
 * Expressions whose value is never a descriptor or module, by their syntax:
 * primitives (see isPrimitiveSyntax), regular expressions, and literals that
 * build a new object, array, function or class. Most writes, `let`
 * initializers and comparisons are these (`let i = 0`, `n * 2`, `x === 0`),
 * and typing them is most of what this asked of the checker.
 */
function neverStructure(ts: AnalysisView['ts'], x: TS.Expression): boolean {
  const K = ts.SyntaxKind;
  switch (x.kind) {
    case K.RegularExpressionLiteral:
    case K.ObjectLiteralExpression:
    case K.ArrayLiteralExpression:
    case K.ArrowFunction:
    case K.FunctionExpression:
    case K.ClassExpression:
      return true;
    default:
      return isPrimitiveSyntax(ts, x);
  }
}
