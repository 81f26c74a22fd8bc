// Driver-model discovery: descriptors, their callbacks, the private data
// type and its drop, and module declarations. By type: a call is a
// descriptor when it produces a kernel `Driver`, whatever it is named.
import { implementationOf, soleDeclaration } from '../calls/callee-types.js';
import { possibleSignatures } from '../calls/possible-signatures.js';
import { type BusName, symbolAt } from '../model/kernel-model.js';
import { constInitializer } from '../facts/origin.js';
import { inferredSelf } from '../calls/self-type.js';
import { type FunctionNode, isFunctionNode, isLibSymbol, propertyName, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import type { KernelModel } from '../model/kernel-model.js';
import { wrappedCallback } from '../calls/wrappers.js';

export type CallbackRole = 'probe' | 'unbind' | 'dispose';

export interface DriverDescriptor {
  readonly bus: BusName;
  /** `pci.driver({...})`, or for a legacy class driver the `Registration.new(X)` that registers it. */
  readonly call: TS.CallExpression;
  /** The object literal that defines the driver, when there is one. */
  readonly definition: TS.ObjectLiteralExpression | undefined;
  /** A legacy class driver (`@drvlint/kernel/legacy`): the class whose static side is the driver. */
  readonly classDriver?: TS.ClassLikeDeclaration;
  readonly probe: FunctionNode | undefined;
  readonly unbind: FunctionNode | undefined;
  /** A legacy class driver's `remove`: called after `unbind`, with the Core device, as a second unbind. */
  readonly remove?: FunctionNode | undefined;
  readonly self: TS.Type | undefined;
  readonly dispose: readonly FunctionNode[];
}

export interface DriverModel {
  readonly descriptors: readonly DriverDescriptor[];
  readonly modules: readonly TS.CallExpression[];
  /** Callbacks by function node, with the descriptor that names them. */
  readonly callbacks: ReadonlyMap<FunctionNode, { readonly role: CallbackRole; readonly descriptor: DriverDescriptor }>;
  /** The private-data (`Self`) classes and interfaces of the program's drivers: what type facts call private data. */
  readonly selfSymbols: ReadonlySet<TS.Symbol>;
}

/** What discovery reads while it runs, and the Self symbols it collects. */
interface DiscoveryFacts {
  readonly checker: TS.TypeChecker;
  readonly kernel: KernelModel;
  readonly selfSymbols: Set<TS.Symbol>;
}

/** The calls of one file that define drivers or modules: AST only, so an unchanged file's can be reused by a later program. */
export type FoundCalls = readonly TS.CallExpression[];

export interface DiscoveryCache {
  /** The calls an earlier program found in this file object, when still valid. */
  earlier(sf: TS.SourceFile): FoundCalls | undefined;
  remember(sf: TS.SourceFile, found: FoundCalls): void;
}

/** `callsOf`: every call of a file, from its index, so discovery does not walk the file a second time. */
export function discoverDrivers(
  ts: TypeScript,
  program: TS.Program,
  checker: TS.TypeChecker,
  kernel: KernelModel,
  isAnalysed: (sf: TS.SourceFile) => boolean,
  callsOf: (sf: TS.SourceFile) => readonly TS.Node[],
  cache?: DiscoveryCache,
): DriverModel {
  const descriptors: DriverDescriptor[] = [];
  const selfSymbols = new Set<TS.Symbol>();
  const facts: DiscoveryFacts = { checker, kernel, selfSymbols };
  const modules: TS.CallExpression[] = [];

  const legacyNews = facts.kernel.legacyRegistrationNews;
  let found: TS.CallExpression[] = [];
  const interfaceOf = (t: TS.Type | undefined): TS.Symbol | undefined => t && (t.aliasSymbol ?? t.getSymbol());
  const visit = (n: TS.Node): void => {
    if (!ts.isCallExpression(n)) return;
    // `Registration.new(X)`: filtered by spelling first, then by what it resolves to.
    if (
      legacyNews.size > 0 &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'new' &&
      legacyNews.has(checker.getResolvedSignature(n)?.getDeclaration() as TS.Declaration)
    ) {
      const d = describeClassDriver(ts, checker, facts, n);
      if (d) descriptors.push(d);
      found.push(n);
    } else {
      // A call's type costs resolving it; its callee's signatures tell first whether it can be a driver or module at all.
      const signatures = possibleSignatures(ts, checker, n);
      if (!mayReturnDescriptor(ts, facts, signatures)) return;
      // A callee that narrowing never touches, with one signature whose declared result is a driver or module interface:
      // the call's type is an instance of it, so the bus is known without resolving the call.
      const sole = n.typeArguments === undefined && soleDeclaration(ts, checker, n) ? signatures?.[0] : undefined;
      const declared = interfaceOf(sole?.getReturnType());
      const type = declared ? undefined : checker.getTypeAtLocation(n);
      const symbol = declared ?? (type && interfaceOf(type));
      const bus = symbol ? facts.kernel.driverInterfaces.get(symbol) : undefined;
      if (bus) {
        const d = describeDescriptor(ts, checker, facts, n, bus, type ? { resolved: type } : { signature: sole as TS.Signature });
        if (d) descriptors.push(d);
        found.push(n);
      } else if (symbol && facts.kernel.moduleInterfaces.has(symbol)) {
        modules.push(n);
        found.push(n);
      }
    }
  };
  // One file that cannot be walked costs its own drivers, not everyone's.
  for (const sf of program.getSourceFiles()) {
    if (!isAnalysed(sf)) continue;
    const earlier = cache?.earlier(sf);
    found = [];
    try {
      // An unchanged file (and what it imports): only the calls found before are asked about again, with this program's checker.
      if (earlier) for (const call of earlier) visit(call);
      else for (const call of callsOf(sf)) visit(call);
      cache?.remember(sf, found);
    } catch {
      // The file's own rules report it (as an internal error) when they index it.
    }
  }

  const callbacks = new Map<FunctionNode, { role: CallbackRole; descriptor: DriverDescriptor }>();
  for (const d of descriptors) {
    if (d.probe) callbacks.set(d.probe, { role: 'probe', descriptor: d });
    if (d.unbind) callbacks.set(d.unbind, { role: 'unbind', descriptor: d });
    if (d.remove) callbacks.set(d.remove, { role: 'unbind', descriptor: d });
    for (const f of d.dispose) callbacks.set(f, { role: 'dispose', descriptor: d });
  }
  return { descriptors, modules, callbacks, selfSymbols };
}

/**
 * `how` is the call's resolved type when finding the bus took resolving it,
 * or else its one signature: the call is then not resolved unless only that
 * tells its Self.
 */
function describeDescriptor(
  ts: TypeScript,
  checker: TS.TypeChecker,
  facts: DiscoveryFacts,
  call: TS.CallExpression,
  bus: BusName,
  how: { resolved: TS.Type } | { signature: TS.Signature },
): DriverDescriptor | undefined {
  const definition = definitionOf(ts, checker, call);
  // A wrapper's inner `pci.driver(def)` with `def` a parameter defines nothing
  // itself; the wrapper's call site does.
  if (!definition) return undefined;
  const probe = callbackOf(ts, checker, definition, 'probe');
  const unbind = callbackOf(ts, checker, definition, 'unbind');
  let self =
    'signature' in how
      ? inferredSelf(ts, checker, how.signature, definition, (name) => callbackOf(ts, checker, definition, name, 'declared'))
      : undefined;
  if (!self) {
    const type = 'resolved' in how ? how.resolved : checker.getTypeAtLocation(call);
    self =
      type.flags & ts.TypeFlags.Object && (type as TS.ObjectType).objectFlags & ts.ObjectFlags.Reference
        ? checker.getTypeArguments(type as TS.TypeReference)[0]
        : undefined;
  }
  if (!self && probe) self = checker.getSignatureFromDeclaration(probe)?.getReturnType();
  const selfSymbol = self?.getSymbol();
  if (self && selfSymbol && selfSymbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) && !isLibSymbol(selfSymbol))
    facts.selfSymbols.add(selfSymbol);
  return { bus, call, definition, probe, unbind, self, dispose: self ? disposeOf(ts, checker, self) : [] };
}

/** A legacy class driver registered with `Registration.new(X)`: its static probe, unbind and remove. */
function describeClassDriver(
  ts: TypeScript,
  checker: TS.TypeChecker,
  facts: DiscoveryFacts,
  call: TS.CallExpression,
): DriverDescriptor | undefined {
  const arg = call.arguments[0];
  const cls = arg ? classOf(ts, checker, arg) : undefined;
  if (!cls) return undefined;
  const member = (name: string): FunctionNode | undefined => {
    for (const m of cls.members) {
      if (
        propertyName(ts, m.name) !== name ||
        !ts.canHaveModifiers(m) ||
        !ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)
      )
        continue;
      if (ts.isMethodDeclaration(m)) return m;
      if (ts.isPropertyDeclaration(m) && m.initializer) return callbackFunction(ts, checker, m.initializer);
    }
    return undefined;
  };
  const probe = member('probe');
  const first = probe?.parameters[0];
  const deviceType = first ? checker.getTypeAtLocation(first.name) : undefined;
  const bus = deviceType ? busOf(checker, facts, deviceType) : undefined;
  if (!probe || !bus) return undefined;
  const self = checker.getSignatureFromDeclaration(probe)?.getReturnType();
  const selfSymbol = self?.getSymbol();
  if (self && selfSymbol && selfSymbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) && !isLibSymbol(selfSymbol))
    facts.selfSymbols.add(selfSymbol);
  // The legacy core calls the data's deviceRemove() after unbind and remove, with no device: like drop.
  const deviceRemove = self ? methodsNamed(ts, checker, self, 'deviceRemove') : [];
  return {
    bus,
    call,
    definition: undefined,
    classDriver: cls,
    probe,
    unbind: member('unbind'),
    remove: member('remove'),
    self,
    dispose: self ? [...disposeOf(ts, checker, self), ...deviceRemove] : [],
  };
}

/**
 * The class `e` denotes: a class, a class expression, or a `const` bound to
 * one (`const drv: legacy.pci.Driver<S, I> = X`), through a few such aliases.
 */
function classOf(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression, depth = 0): TS.ClassLikeDeclaration | undefined {
  const x = skipOuter(ts, e);
  if (ts.isClassExpression(x)) return x;
  const decl = ts.isIdentifier(x) || ts.isPropertyAccessExpression(x) ? symbolAt(checker, ts, x)?.valueDeclaration : undefined;
  if (decl && ts.isClassLike(decl)) return decl;
  const isConst =
    decl !== undefined &&
    ts.isVariableDeclaration(decl) &&
    ts.isVariableDeclarationList(decl.parent) &&
    (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  return isConst && decl.initializer && depth < 8 ? classOf(ts, checker, decl.initializer, depth + 1) : undefined;
}

/** The bus whose device class `type` is (or extends). */
function busOf(checker: TS.TypeChecker, facts: DiscoveryFacts, type: TS.Type): BusName | undefined {
  for (let s = type.getSymbol(); s;) {
    const bus = facts.kernel.busDevices.get(s);
    if (bus) return bus;
    const declared = checker.getDeclaredTypeOfSymbol(s);
    s = declared.isClassOrInterface() ? checker.getBaseTypes(declared)[0]?.getSymbol() : undefined;
  }
  return undefined;
}

function methodsNamed(ts: TypeScript, checker: TS.TypeChecker, self: TS.Type, name: string): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const t of self.isUnion() ? self.types : [self]) {
    for (const d of checker.getPropertyOfType(t, name)?.declarations ?? []) {
      const f = functionOfDeclaration(ts, checker, d);
      if (f && f.body) out.push(f);
    }
  }
  return out;
}

function definitionOf(ts: TypeScript, checker: TS.TypeChecker, call: TS.CallExpression): TS.ObjectLiteralExpression | undefined {
  for (const a of call.arguments) {
    const e = skipOuter(ts, a);
    if (ts.isObjectLiteralExpression(e)) return e;
    if (ts.isIdentifier(e)) {
      const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
        const init = skipOuter(ts, decl.initializer);
        if (ts.isObjectLiteralExpression(init)) return init;
      }
    }
  }
  return undefined;
}

/**
 * The function a definition's `name` property gives. `runs`: the one the
 * driver core ends up running, through `const` aliases and forwarding
 * wrappers. `declared`: only a function the property itself denotes (a
 * method, a literal, or a name bound to one), whose declaration is what type
 * inference reads; a wrapper's result type can say something else.
 */
function callbackOf(
  ts: TypeScript,
  checker: TS.TypeChecker,
  def: TS.ObjectLiteralExpression,
  name: string,
  how: 'runs' | 'declared' = 'runs',
): FunctionNode | undefined {
  for (const p of def.properties) {
    if (propertyName(ts, p.name) !== name) continue;
    if (ts.isMethodDeclaration(p)) return p;
    if (ts.isPropertyAssignment(p))
      return how === 'runs' ? callbackFunction(ts, checker, p.initializer) : functionOf(ts, checker, p.initializer);
    if (ts.isShorthandPropertyAssignment(p)) {
      const decl = checker.getShorthandAssignmentValueSymbol(p)?.valueDeclaration;
      if (!decl) return undefined;
      return how === 'runs' ? declaredCallback(ts, checker, decl, 0) : functionOfDeclaration(ts, checker, decl);
    }
  }
  return undefined;
}

/**
 * The function a callback's value runs: what it denotes, what a `const` it
 * names holds, or what a forwarding wrapper around it hands over, through
 * nested wrappers (`logged(traced(f))`) to a bounded depth, as the nesting
 * comes from the input.
 */
function callbackFunction(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression, depth = 0): FunctionNode | undefined {
  const x = skipOuter(ts, e);
  if (ts.isIdentifier(x)) {
    const decl = symbolAt(checker, ts, x)?.valueDeclaration;
    return decl ? declaredCallback(ts, checker, decl, depth) : undefined;
  }
  const direct = functionOf(ts, checker, e);
  if (direct || depth >= MAX_WRAPPERS) return direct;
  return wrappedCallback(ts, checker, e, (a) => callbackFunction(ts, checker, a, depth + 1));
}

/** The function a name declared by `decl` runs: the one it is bound to, or what the `const` it names holds (see callbackFunction). */
function declaredCallback(ts: TypeScript, checker: TS.TypeChecker, decl: TS.Declaration, depth: number): FunctionNode | undefined {
  const direct = functionOfDeclaration(ts, checker, decl);
  if (direct || depth >= MAX_WRAPPERS) return direct;
  const init = constInitializer(ts, decl);
  return init ? callbackFunction(ts, checker, init, depth + 1) : undefined;
}

const MAX_WRAPPERS = 8;

/** The function an expression denotes: a literal, or a name bound to one. */
export function functionOf(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression): FunctionNode | undefined {
  const x = skipOuter(ts, e);
  if (ts.isFunctionExpression(x) || ts.isArrowFunction(x)) return x;
  if (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x)) {
    const decl = symbolAt(checker, ts, x)?.valueDeclaration;
    return decl ? functionOfDeclaration(ts, checker, decl) : undefined;
  }
  return undefined;
}

function functionOfDeclaration(ts: TypeScript, checker: TS.TypeChecker, decl: TS.Declaration): FunctionNode | undefined {
  // An overloaded function's first declaration has no body: the implementation is what the core calls.
  if (isFunctionNode(ts, decl)) return implementationOf(ts, checker, decl);
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) {
    const init = skipOuter(ts, decl.initializer);
    if (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) return init;
  }
  return undefined;
}

function disposeOf(ts: TypeScript, checker: TS.TypeChecker, self: TS.Type): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const t of self.isUnion() ? self.types : [self]) {
    const p = checker.getPropertiesOfType(t).find((s) => s.name.startsWith('__@dispose@'));
    for (const d of p?.declarations ?? []) {
      const f = functionOfDeclaration(ts, checker, d);
      if (f && f.body) out.push(f);
    }
  }
  return out;
}

/**
 * Whether `call` can have a driver or module interface as its type: false
 * only when every signature it can resolve to declares another return type
 * (not a bare type parameter, which inference could make anything), so
 * that the call need not be resolved.
 */
function mayReturnDescriptor(ts: TypeScript, facts: DiscoveryFacts, signatures: readonly TS.Signature[] | undefined): boolean {
  if (!signatures) return true;
  return signatures.some((s) => {
    // Generic or not, a declared result that is no type parameter keeps its symbol: `Driver<S, I>`, `U[]`.
    const t = s.getReturnType();
    if (t.flags & ts.TypeFlags.Instantiable) return true;
    const symbol = t.aliasSymbol ?? t.getSymbol();
    return symbol !== undefined && (facts.kernel.driverInterfaces.has(symbol) || facts.kernel.moduleInterfaces.has(symbol));
  });
}
