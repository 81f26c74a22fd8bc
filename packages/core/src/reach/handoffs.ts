// Calls into code the analysis cannot see: a callee with no body in the
// program that is not the kernel API (the default library, `@types/node`, a
// third party's declarations). Such code may keep whatever it is given, and
// may call a callback it is given at any later time. This names, for each
// such call, the `this` it runs with and the values it is given, through the
// ways of calling that pass them on: `f.call(t, …)`, `f.apply(t, [...])`,
// `Reflect.apply(f, t, [...])`, and spreads.
import {
  type LibraryMember,
  insertsIntoReceiver,
  isNonRetaining,
  libraryMemberOf,
  librarySymbolOf,
  runsSynchronously,
} from '../calls/library.js';
import type { WorldTarget } from '../facts/world.js';
import type { AnalysisView } from '../rule/view.js';
import { possibleSignatures } from '../calls/possible-signatures.js';
import { skipOuter, text } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

type Call = TS.CallExpression | TS.NewExpression;

export interface Handoff {
  readonly call: Call;
  /** How a message names what is called: `state.push.apply`, `Object.defineProperties`. */
  readonly callee: string;
  /** The library member called, when the platform declares it. */
  readonly member: LibraryMember | undefined;
  /** The `this` the callee runs with, when there is one. */
  readonly receiver: TS.Expression | undefined;
  /** What it is given: the arguments (a spread as `...xs`), with an array literal's elements for `apply`. */
  readonly args: readonly TS.Expression[];
}

const APPLY = new Set(['Function.apply', 'CallableFunction.apply']);
const CALL = new Set(['Function.call', 'CallableFunction.call']);

/**
 * The function a call runs through `f.call(t, …)`, `f.apply(t, [...])` or
 * `Reflect.apply(f, t, [...])`, with the `this` and the arguments it gets.
 */
export function appliedCall(
  view: AnalysisView,
  call: Call,
): { readonly f: TS.Expression; readonly receiver: TS.Expression | undefined; readonly args: TS.Expression[] } | undefined {
  const { ts, checker } = view;
  const member = libraryMemberOf(ts, checker, call);
  if (!member) return undefined;
  const callee = skipOuter(ts, call.expression);
  const args = call.arguments ?? [];
  if ((CALL.has(member) || APPLY.has(member)) && ts.isPropertyAccessExpression(callee))
    return { f: callee.expression, receiver: args[0], args: CALL.has(member) ? args.slice(1) : spreadOf(ts, args[1]) };
  if (member === 'Reflect.apply' && args[0]) return { f: args[0], receiver: args[1], args: spreadOf(ts, args[2]) };
  return undefined;
}

/**
 * Whether a call may go to unseen code, by its callee's possible
 * declarations alone (answered once per call, and asked of every call by
 * other rules anyway): none has a body, and none is the kernel's.
 */
export function mayBeUnseen(view: AnalysisView, call: Call): boolean {
  const signatures = possibleSignatures(view.ts, view.checker, call);
  if (!signatures) return true;
  return signatures.every((s) => {
    const d = s.getDeclaration() as TS.SignatureDeclaration | undefined;
    return d === undefined || (!('body' in d && d.body) && !view.kernel.isKernelFile(d.getSourceFile().fileName));
  });
}

/** The call's hand-off to unseen code, or undefined when the callee has a body here, is the kernel's, or keeps nothing. */
export function unseenHandoff(view: AnalysisView, call: Call): Handoff | undefined {
  const { ts, checker } = view;
  if (!mayBeUnseen(view, call) || view.calleeOf(call) || view.kernelCallee(call)) return undefined;
  const applied = appliedCall(view, call);
  if (applied) return handoffOf(view, call, applied.f, applied.receiver, applied.args);
  const member = libraryMemberOf(ts, checker, call);
  if (member && isNonRetaining(member)) return undefined;
  const callee = skipOuter(ts, call.expression);
  const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
  return {
    call,
    callee: text(callee),
    member,
    receiver,
    // Spread arguments stay as they are: the file index records an insert of `...xs` at the spread.
    args: [...(call.arguments ?? [])],
  };
}

/**
 * The world storage `e` is, as a receiver or an argument of a call; a global
 * of the platform itself (`Object`, `Promise`, `Reflect`) is where library
 * functions live, not storage.
 */
export function worldStorageOf(view: AnalysisView, e: TS.Expression): WorldTarget | undefined {
  const { ts, checker } = view;
  const x = skipOuter(ts, e);
  const target = view.world.targetOf(x, 0, true);
  return target && !(ts.isIdentifier(x) && librarySymbolOf(ts, checker, x)) ? target : undefined;
}

/**
 * Whether a callback handed to `h` is known not to be run later by that code:
 * it runs it before returning, or only puts it into its receiver, a
 * collection (whoever reads it from there runs it, and a write into world
 * storage is judged as such).
 */
export function callsBeforeReturning(h: Handoff): boolean {
  return h.member !== undefined && (runsSynchronously(h.member) || insertsIntoReceiver(h.member));
}

/** `f` called with `this` and `args` on behalf of `call`, unless `f` itself is visible, the kernel's, or keeps nothing. */
function handoffOf(
  view: AnalysisView,
  call: Call,
  f: TS.Expression | undefined,
  receiver: TS.Expression | undefined,
  args: readonly TS.Expression[],
): Handoff | undefined {
  const { ts, checker } = view;
  if (!f) return undefined;
  const fn = skipOuter(ts, f);
  const symbol = ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn) ? checker.getSymbolAtLocation(fn) : undefined;
  const decls = symbol?.declarations ?? [];
  // A function of the program (it has a body) or of the kernel: its own summary, or trusted.
  if (decls.some((d) => ('body' in d && d.body) || view.kernel.isKernelFile(d.getSourceFile().fileName))) return undefined;
  const member = decls.length > 0 ? memberOfDeclarations(view, decls) : undefined;
  if (member && isNonRetaining(member)) return undefined;
  return { call, callee: text(fn), member, receiver, args };
}

function memberOfDeclarations(view: AnalysisView, decls: readonly TS.Declaration[]): LibraryMember | undefined {
  const { ts } = view;
  const d = decls[0];
  const owner = d?.parent;
  const name = d && (d as { readonly name?: TS.Node }).name;
  if (!owner || !name || !ts.isIdentifier(name)) return undefined;
  return (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) && owner.name ? `${owner.name.text}.${name.text}` : undefined;
}

/** The values an `apply` passes: an array literal's elements, or the array itself when it is not a literal. */
function spreadOf(ts: TypeScript, e: TS.Expression | undefined): TS.Expression[] {
  if (!e) return [];
  const x = skipOuter(ts, e);
  return ts.isArrayLiteralExpression(x) ? x.elements.map((el) => (ts.isSpreadElement(el) ? el.expression : el)) : [x];
}
