// What the platform's own code does with what a call gives it. A callee
// declared without a body (the default library, `@types/node`, a third
// party's declarations) may keep anything it is given, and may run a
// callback whenever it likes: drvlint cannot see otherwise. The exceptions
// are two short lists of library members known not to keep their arguments,
// or to call their callback before they return. Members are matched by
// declaration: the interface that declares them in a default-library or
// `@types/node` file, never the spelling at the call.
import { isLibSymbol } from '../syntax/syntax.js';
import { answersFor } from '../program/node-cache.js';
import type { TS, TypeScript } from '../ts.js';
import { possibleSignatures } from './possible-signatures.js';

/** `Owner.member`, as the library declares it: `Map.get`, `Array.forEach`, `PromiseConstructor.new` for a construct signature. */
export type LibraryMember = string;

/**
 * Members that keep nothing they are given beyond the call: lookups,
 * comparisons, formatting, logging. A call to one of these never stores a
 * value, whatever its receiver.
 */
const NON_RETAINING: ReadonlySet<LibraryMember> = new Set([
  ...['Map', 'ReadonlyMap', 'WeakMap'].flatMap((m) => [`${m}.get`, `${m}.has`, `${m}.delete`]),
  ...['Set', 'ReadonlySet', 'WeakSet'].flatMap((s) => [`${s}.has`, `${s}.delete`]),
  ...['Array', 'ReadonlyArray'].flatMap((a) => [`${a}.includes`, `${a}.indexOf`, `${a}.lastIndexOf`, `${a}.join`, `${a}.at`]),
  'Console.*',
  'JSON.stringify',
  'Object.is',
  'Object.keys',
  'Object.entries',
  'Object.values',
  'Object.getPrototypeOf',
  'ObjectConstructor.is',
  'ObjectConstructor.keys',
  'ObjectConstructor.entries',
  'ObjectConstructor.values',
  'ObjectConstructor.getPrototypeOf',
  'ObjectConstructor.hasOwn',
  'Object.hasOwnProperty',
  'ArrayConstructor.isArray',
  'NumberConstructor.isInteger',
  'NumberConstructor.isFinite',
  'Math.*',
  'String.*',
  'StringConstructor.*',
  'Number.*',
  'NumberConstructor.*',
  'RegExp.test',
  'RegExp.exec',
  'Date.*',
  'DateConstructor.*',
  'ErrorConstructor.captureStackTrace',
]);

/**
 * Members that call the callback they are given before they return, and
 * keep it no longer: a closure handed to one runs inside the caller's
 * synchronous extent.
 */
const SYNCHRONOUS: ReadonlySet<LibraryMember> = new Set([
  ...[
    'Array',
    'ReadonlyArray',
    'Int8Array',
    'Uint8Array',
    'Uint16Array',
    'Int16Array',
    'Uint32Array',
    'Int32Array',
    'Float32Array',
    'Float64Array',
  ].flatMap((a) =>
    [
      'forEach',
      'map',
      'filter',
      'some',
      'every',
      'find',
      'findIndex',
      'findLast',
      'findLastIndex',
      'reduce',
      'reduceRight',
      'flatMap',
      'sort',
      'toSorted',
    ].map((m) => `${a}.${m}`),
  ),
  'ArrayConstructor.from',
  ...['Map', 'ReadonlyMap', 'Set', 'ReadonlySet'].map((m) => `${m}.forEach`),
  'PromiseConstructor.new',
  'String.replace',
  'String.replaceAll',
  'JSON.parse',
  'JSON.stringify',
  'Function.call',
  'Function.apply',
  'CallableFunction.call',
  'CallableFunction.apply',
  'Reflect.apply',
]);

/**
 * Members that put their argument into the receiver, a collection: what
 * they keep is kept where the receiver is (world storage, or a local that
 * dies with the function), and called, if at all, by whoever reads it there.
 */
const INSERTS: ReadonlySet<LibraryMember> = new Set([
  ...['Array'].flatMap((a) => ['push', 'unshift', 'splice', 'fill'].map((m) => `${a}.${m}`)),
  'Map.set',
  'WeakMap.set',
  'Set.add',
  'WeakSet.add',
]);

/** Whether a library member inserts into its receiver (see INSERTS). */
export function insertsIntoReceiver(member: LibraryMember): boolean {
  return INSERTS.has(member);
}

/** The library member every signature a call can pick belongs to, or undefined for a call into the program or the kernel. */
export function libraryMemberOf(
  ts: TypeScript,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
): LibraryMember | undefined {
  // Asked of the same calls by several rules and by summaries: answered once per checker and call (a node outlives its
  // program in an editor, and another program may resolve its callee elsewhere).
  const byCall = answersFor(members, checker);
  const known = byCall.get(call);
  if (known !== undefined) return known ?? undefined;
  const found = computeMember(ts, checker, call);
  byCall.set(call, found ?? null);
  return found;
}

const members = new WeakMap<TS.TypeChecker, WeakMap<TS.Node, LibraryMember | null>>();

function computeMember(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression | TS.NewExpression): LibraryMember | undefined {
  const signatures = possibleSignatures(ts, checker, call);
  if (!signatures || signatures.length === 0) return undefined;
  let found: LibraryMember | undefined;
  for (const s of signatures) {
    const member = memberOf(ts, s.getDeclaration());
    if (!member || (found !== undefined && found !== member)) return undefined;
    found = member;
  }
  return found;
}

/** Whether a library member keeps nothing it is given. */
export function isNonRetaining(member: LibraryMember): boolean {
  return NON_RETAINING.has(member) || NON_RETAINING.has(`${member.slice(0, member.indexOf('.'))}.*`);
}

/** Whether a library member runs its callback before it returns. */
export function runsSynchronously(member: LibraryMember): boolean {
  return SYNCHRONOUS.has(member);
}

/** Whether the declarations of a callee are the platform's (a default library or `@types/node`), by file. */
export function isPlatformDeclaration(d: TS.Node): boolean {
  const f = d.getSourceFile();
  let known = platformFiles.get(f);
  if (known === undefined)
    platformFiles.set(f, (known = f.isDeclarationFile && /[\\/](typescript[\\/]lib|@types[\\/]node)[\\/]/.test(f.fileName)));
  return known;
}

/** Asked of every callee's declaration: answered once per file. */
const platformFiles = new WeakMap<TS.SourceFile, boolean>();

function memberOf(ts: TypeScript, d: TS.Declaration | undefined): LibraryMember | undefined {
  if (!d || !isPlatformDeclaration(d)) return undefined;
  const owner = d.parent;
  const named = (d as { readonly name?: TS.Node }).name;
  const name =
    ts.isConstructSignatureDeclaration(d) || ts.isConstructorDeclaration(d)
      ? 'new'
      : named && ts.isIdentifier(named)
        ? named.text
        : undefined;
  if (name === undefined) return undefined;
  if (owner && (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) && owner.name) return `${owner.name.text}.${name}`;
  if (owner && ts.isTypeLiteralNode(owner)) {
    // `declare var JSON: JSON` style objects are interfaces; a type literal's owner is the variable or alias that holds it.
    const holder = owner.parent;
    if (holder && (ts.isVariableDeclaration(holder) || ts.isTypeAliasDeclaration(holder)) && ts.isIdentifier(holder.name))
      return `${holder.name.text}.${name}`;
  }
  // A function of a module (`node:timers`' `setInterval`) or a global function.
  if (ts.isFunctionDeclaration(d)) return `${moduleName(ts, d) ?? 'globalThis'}.${name}`;
  return undefined;
}

function moduleName(ts: TypeScript, d: TS.Node): string | undefined {
  for (let p = d.parent; p; p = p.parent) if (ts.isModuleDeclaration(p)) return p.name.text;
  return undefined;
}

/** The library symbol a name denotes, through imports and `const` aliases; undefined for the program's own. */
export function librarySymbolOf(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression, depth = 0): TS.Symbol | undefined {
  let s = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? checker.getSymbolAtLocation(e) : undefined;
  if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  if (!s) return undefined;
  if (isLibSymbol(s) || (s.declarations ?? []).some(isPlatformDeclaration)) return s;
  const d = s.valueDeclaration;
  if (
    depth < 4 &&
    d &&
    ts.isVariableDeclaration(d) &&
    d.initializer &&
    ts.isVariableDeclarationList(d.parent) &&
    d.parent.flags & ts.NodeFlags.Const
  ) {
    return librarySymbolOf(ts, checker, d.initializer, depth + 1);
  }
  return undefined;
}
