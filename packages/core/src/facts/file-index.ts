// One traversal of a file collects every event the rules look at, with the
// function it happens in. Rules and summaries read these lists; no rule
// walks the tree again.
import { mayGive, typeOfCall } from '../calls/callee-types.js';
import { possibleSignatures } from '../calls/possible-signatures.js';
import { mayNarrow, narrowingSyntaxOf, rememberNarrowingSyntax } from '../calls/narrowing.js';
import { type FunctionNode, isDiscarded, kindTables, reverseFrom, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import { isPattern, patternLeaves } from '../syntax/patterns.js';

/** A value put somewhere: `target = value`, `receiver.push(value)`, `Object.assign(target, value)`. */
export interface Write {
  readonly how: 'assign' | 'insert' | 'merge';
  readonly target: TS.Expression;
  readonly value: TS.Expression;
  readonly at: TS.Node;
  readonly fn: FunctionNode | undefined;
  /** `push`, `set`, `Object.assign`, … for messages */
  readonly via: string | undefined;
}

/**
 * One name or field a destructuring assignment `at` writes: `current` in
 * `({ dev: current } = src)`. `value` is what lands there when `src` is a
 * literal of the same shape (`{ dev: pdev }`); otherwise it is read out of
 * `src` (see Values.written). The assignment's own Write has the whole
 * pattern as its target.
 */
export interface PatternWrite {
  readonly target: TS.Expression;
  readonly value: TS.Expression | undefined;
  readonly at: TS.BinaryExpression;
  readonly fn: FunctionNode | undefined;
}

/** A value handed to something that may run or keep it later. */
export interface Deferral {
  readonly how: 'timer' | 'listener' | 'then' | 'kernel' | 'dropped-work';
  readonly value: TS.Expression;
  readonly at: TS.Node;
  readonly fn: FunctionNode | undefined;
  /** `setTimeout`, `process.on`, `.then`, `hrtimer.create`, … */
  readonly sink: string;
  /** For listeners: the object whose listener list keeps the value. */
  readonly receiver?: TS.Expression;
  /** For kernel APIs: what kind of callback the value becomes. */
  readonly role?: 'timer' | 'work' | 'irq';
}

export interface FileIndex {
  readonly file: TS.SourceFile;
  readonly writes: readonly Write[];
  /** The names and fields destructuring assignments write, one by one. */
  readonly patternWrites: readonly PatternWrite[];
  readonly deferrals: readonly Deferral[];
  readonly calls: readonly (TS.CallExpression | TS.NewExpression)[];
  /** Promise-valued expression statements: started and never awaited. */
  readonly floating: readonly TS.Expression[];
  readonly assertions: readonly (TS.AsExpression | TS.TypeAssertion)[];
  readonly returns: readonly TS.ReturnStatement[];
  /** Class fields and constructor parameter properties. */
  readonly fields: readonly (TS.PropertyDeclaration | TS.ParameterDeclaration)[];
  readonly objectLiterals: readonly TS.ObjectLiteralExpression[];
  readonly variables: readonly TS.VariableDeclaration[];
  readonly functions: readonly FunctionNode[];
  readonly awaits: readonly TS.AwaitExpression[];
  readonly classes: readonly TS.ClassLikeDeclaration[];
  readonly deletes: readonly TS.DeleteExpression[];
  /** `a === b`, `a !== b`, `a == b`, `a != b`: identity tests. */
  readonly comparisons: readonly TS.BinaryExpression[];
  /**
   * The innermost function around each item of `functions`, `calls`,
   * `variables` and `returns` (same order; undefined at module level), as the
   * walk found them: grouping events by function needs no walk up per event.
   */
  readonly owners: EventOwners;
  /** The innermost function around a node of the file (not the node itself); null at module level. */
  ownerOf(n: TS.Node): FunctionNode | null;
}

/** A function, or undefined for module level. */
type Owner = FunctionNode | undefined;

export interface EventOwners {
  readonly functions: readonly Owner[];
  readonly calls: readonly Owner[];
  readonly variables: readonly Owner[];
  readonly returns: readonly Owner[];
}

const INSERT: Record<string, ReadonlySet<string>> = {
  Array: new Set(['push', 'unshift', 'splice', 'fill']),
  Map: new Set(['set']),
  WeakMap: new Set(['set']),
  Set: new Set(['add']),
  WeakSet: new Set(['add']),
};
/** Every method that inserts into some collection: the receiver's type is asked only for these. */
const INSERTING: ReadonlySet<string> = new Set(Object.values(INSERT).flatMap((ms) => [...ms]));
const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
export const TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'process.nextTick']);
const THEN = new Set(['then', 'catch', 'finally']);

export interface IndexContext {
  readonly ts: TypeScript;
  readonly checker: TS.TypeChecker;
  isTimer(callee: TS.Expression): string | undefined;
  deferringParams(
    call: TS.CallExpression,
  ):
    | { readonly params: readonly number[]; readonly sink: string; readonly dropped: boolean; readonly role: 'timer' | 'work' | 'irq' }
    | undefined;
}

export function indexFile(cx: IndexContext, file: TS.SourceFile): FileIndex {
  const { ts, checker } = cx;
  const writes: Write[] = [];
  const patternWrites: PatternWrite[] = [];
  const deferrals: Deferral[] = [];
  const calls: (TS.CallExpression | TS.NewExpression)[] = [];
  const floating: TS.Expression[] = [];
  const assertions: (TS.AsExpression | TS.TypeAssertion)[] = [];
  const returns: TS.ReturnStatement[] = [];
  const fields: (TS.PropertyDeclaration | TS.ParameterDeclaration)[] = [];
  const objectLiterals: TS.ObjectLiteralExpression[] = [];
  const variables: TS.VariableDeclaration[] = [];
  const functions: FunctionNode[] = [];
  const awaits: TS.AwaitExpression[] = [];
  const classes: TS.ClassLikeDeclaration[] = [];
  const deletes: TS.DeleteExpression[] = [];
  const comparisons: TS.BinaryExpression[] = [];
  const K = ts.SyntaxKind;
  const EQUALITY: ReadonlySet<TS.SyntaxKind> = new Set([
    K.EqualsEqualsEqualsToken,
    K.ExclamationEqualsEqualsToken,
    K.EqualsEqualsToken,
    K.ExclamationEqualsToken,
  ]);

  const receiverKind = (receiver: TS.Expression): string | undefined => {
    const t = checker.getApparentType(checker.getTypeAtLocation(receiver));
    const name = t.getSymbol()?.name;
    return name && name in INSERT ? name : undefined;
  };

  const eventOwners = { functions: [] as Owner[], calls: [] as Owner[], variables: [] as Owner[], returns: [] as Owner[] };
  const onCall = (n: TS.CallExpression, fn: FunctionNode | undefined): void => {
    calls.push(n);
    eventOwners.calls.push(fn);
    const callee = skipOuter(ts, n.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      const kind = INSERTING.has(m) ? receiverKind(callee.expression) : undefined;
      if (kind && INSERT[kind]?.has(m)) {
        const values = m === 'splice' ? n.arguments.slice(2) : m === 'fill' ? n.arguments.slice(0, 1) : n.arguments;
        for (const v of values) writes.push({ how: 'insert', target: callee.expression, value: v, at: v, fn, via: m });
      } else if (LISTEN.has(m)) {
        for (const v of n.arguments)
          deferrals.push({
            how: 'listener',
            value: v,
            at: v,
            fn,
            sink: `${callee.expression.getText()}.${m}`,
            receiver: callee.expression,
          });
      } else if (THEN.has(m) && isThenable(ts, checker, callee.expression)) {
        for (const v of n.arguments) deferrals.push({ how: 'then', value: v, at: v, fn, sink: `.${m}()` });
      }
      const base = skipOuter(ts, callee.expression);
      if (ts.isIdentifier(base) && (base.text === 'Object' || base.text === 'Reflect')) {
        const [target, ...rest] = n.arguments;
        if (target && m === 'assign')
          for (const v of rest) writes.push({ how: 'merge', target, value: v, at: v, fn, via: 'Object.assign' });
        if (target && m === 'defineProperty' && rest[1])
          writes.push({ how: 'merge', target, value: rest[1], at: rest[1], fn, via: 'Object.defineProperty' });
        if (target && m === 'set' && base.text === 'Reflect' && rest[1])
          writes.push({ how: 'merge', target, value: rest[1], at: rest[1], fn, via: 'Reflect.set' });
      }
    }
    const timer = cx.isTimer(n.expression);
    if (timer) for (const v of n.arguments) deferrals.push({ how: 'timer', value: v, at: v, fn, sink: timer });
  };
  /** Asked of each call after the walk (see below). */
  const deferToKernel = (n: TS.CallExpression, fn: FunctionNode | undefined): void => {
    const kernel = cx.deferringParams(n);
    if (!kernel) return;
    for (const i of kernel.params) {
      const v = n.arguments[i];
      if (v) deferrals.push({ how: kernel.dropped ? 'dropped-work' : 'kernel', value: v, at: v, fn, sink: kernel.sink, role: kernel.role });
    }
  };
  const narrowers: TS.BinaryExpression[] = [];
  const switches: TS.SwitchStatement[] = [];

  const { function: functions_, leaf } = kindTables(ts);
  // Every node passes here: its kind picks its list from a table (see kindTables), and the kinds are read once.
  const [BINARY, CALL, PARAMETER, CONSTRUCTOR] = [K.BinaryExpression, K.CallExpression, K.Parameter, K.Constructor];
  /** The events that are the node itself, by kind. */
  const into: (TS.Node[] | undefined)[] = [];
  const lists: readonly (readonly [TS.SyntaxKind, TS.Node[]])[] = [
    [K.NewExpression, calls],
    [K.AsExpression, assertions],
    [K.TypeAssertionExpression, assertions],
    [K.ReturnStatement, returns],
    [K.PropertyDeclaration, fields],
    [K.ObjectLiteralExpression, objectLiterals],
    [K.VariableDeclaration, variables],
    [K.AwaitExpression, awaits],
    [K.ClassDeclaration, classes],
    [K.ClassExpression, classes],
    [K.DeleteExpression, deletes],
    [K.SwitchStatement, switches],
  ];
  for (const [kind, list] of lists) into[kind] = list;
  /** The owner list kept beside a kind's event list, for the kinds grouped by function. */
  const ownersInto: (Owner[] | undefined)[] = [];
  ownersInto[K.NewExpression] = eventOwners.calls;
  ownersInto[K.VariableDeclaration] = eventOwners.variables;
  ownersInto[K.ReturnStatement] = eventOwners.returns;
  const visit = (n: TS.Node, owner: FunctionNode | undefined): void => {
    // Leaves (names, literals, keywords) are half the nodes and hold no event.
    const kind = n.kind;
    if (leaf[kind] === 1) return;
    if (functions_[kind] === 1) {
      functions.push(n as FunctionNode);
      eventOwners.functions.push(owner);
    }
    if (kind === BINARY) {
      const b = n as TS.BinaryExpression;
      if (isAssignment(ts, b.operatorToken.kind)) {
        writes.push({ how: 'assign', target: b.left, value: b.right, at: n, fn: owner, via: undefined });
        if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken && isPattern(ts, b.left)) {
          for (const l of patternLeaves(ts, b.left, b.right)) patternWrites.push({ ...l, at: b, fn: owner });
        }
      } else if (EQUALITY.has(b.operatorToken.kind)) comparisons.push(b);
      else if (mayNarrow(ts, b.operatorToken.kind)) narrowers.push(b);
    } else if (kind === CALL) onCall(n as TS.CallExpression, owner);
    else if (kind === PARAMETER) {
      // Constructor parameter properties are fields.
      if (n.parent?.kind === CONSTRUCTOR && (ts.getModifiers(n as TS.ParameterDeclaration)?.length ?? 0) > 0)
        fields.push(n as TS.ParameterDeclaration);
    } else {
      const list = into[kind];
      if (list) {
        list.push(n);
        ownersInto[kind]?.push(owner);
      }
    }
  };

  // A pre-order walk that carries each node's innermost function down from its parent, with an explicit stack (no
  // recursion that grows with the input's depth). Asking the way up from each node instead would cost its depth,
  // which makes nested calls (`f(f(f(…)))`) quadratic.
  const nodes: TS.Node[] = [file];
  const owners: Owner[] = [undefined];
  const kid = (c: TS.Node): void => {
    nodes.push(c);
  };
  for (let n = nodes.pop(); n; n = nodes.pop()) {
    const owner = owners.pop();
    visit(n, owner);
    const inner = functions_[n.kind] === 1 ? (n as FunctionNode) : owner;
    const first = nodes.length;
    ts.forEachChild(n, kid);
    reverseFrom(nodes, first);
    for (let i = first; i < nodes.length; i++) owners.push(inner);
  }
  // Whether a call defers to the kernel or gives a promise is read from what it may run, and that from its callee's
  // declared type where the file narrows nothing it is reached through: the file's narrowing syntax is complete only now.
  rememberNarrowingSyntax(file, narrowingSyntaxOf(ts, [...comparisons, ...narrowers], switches, calls));
  calls.forEach((c, i) => {
    if (!ts.isCallExpression(c)) return;
    deferToKernel(c, eventOwners.calls[i]);
    if (isDiscarded(ts, c) && resultIsThenable(ts, checker, c)) floating.push(c);
  });
  return {
    file,
    writes,
    patternWrites,
    deferrals,
    calls,
    floating,
    assertions,
    returns,
    fields,
    objectLiterals,
    variables,
    functions,
    awaits,
    classes,
    deletes,
    comparisons,
    owners: eventOwners,
    ownerOf: ownerLookup(functions_),
  };
}

function isAssignment(ts: TypeScript, k: TS.SyntaxKind): boolean {
  return (
    k === ts.SyntaxKind.EqualsToken ||
    k === ts.SyntaxKind.BarBarEqualsToken ||
    k === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    k === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

export function isThenable(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression): boolean {
  return isThenableType(ts, checker, checker.getTypeAtLocation(e), e);
}

function isThenableType(ts: TypeScript, checker: TS.TypeChecker, t: TS.Type, at: TS.Node): boolean {
  const then = checker.getPropertyOfType(checker.getApparentType(t), 'then');
  if (!then) return false;
  const decl = then.valueDeclaration ?? then.declarations?.[0];
  return decl !== undefined && checker.getSignaturesOfType(checker.getTypeOfSymbolAtLocation(then, at), ts.SignatureKind.Call).length > 0;
}

/** Whether `call` gives a thenable, resolving it only when its callee's signatures leave that open. */
function resultIsThenable(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression): boolean {
  // Most discarded calls return `void`; resolving each only to learn that would be much of indexing's time.
  return (
    mayGive(ts, possibleSignatures(ts, checker, call), (result) => isThenableType(ts, checker, result, call)) &&
    isThenableType(ts, checker, typeOfCall(ts, checker, call), call)
  );
}

/**
 * The innermost function around a node, found the way up and remembered
 * for every node passed on the way, so that each node is walked past once
 * however many ask (linear in all), and only the nodes asked about, and
 * those above them, take memory: not every node of the project.
 */
function ownerLookup(functions: Uint8Array): (n: TS.Node) => FunctionNode | null {
  const known = new Map<TS.Node, FunctionNode | null>();
  const path: TS.Node[] = [];
  return (n) => {
    let found: FunctionNode | null = null;
    for (let p = n.parent; p; p = p.parent) {
      if (functions[p.kind] === 1) {
        found = p as FunctionNode;
        break;
      }
      const k = known.get(p);
      if (k !== undefined) {
        found = k;
        break;
      }
      path.push(p);
    }
    for (const p of path) known.set(p, found);
    path.length = 0;
    return found;
  };
}
