// Driver-model discovery: descriptors, their callbacks, the private data
// type and its drop, and module declarations. By type: a call is a
// descriptor when it produces a kernel `Driver`, whatever it is named.
import { type BusName, symbolAt } from './kernel-model.js';
import { type FunctionNode, isFunctionNode, isLibSymbol, propertyName, skipOuter } from './syntax.js';
import type { TS, TypeScript } from './ts.js';
import type { TypeFacts } from './type-facts.js';

export type CallbackRole = 'probe' | 'unbind' | 'dispose';

export interface DriverDescriptor {
  readonly bus: BusName;
  readonly call: TS.CallExpression;
  /** The object literal that defines the driver, when there is one. */
  readonly definition: TS.ObjectLiteralExpression | undefined;
  readonly probe: FunctionNode | undefined;
  readonly unbind: FunctionNode | undefined;
  readonly self: TS.Type | undefined;
  readonly dispose: readonly FunctionNode[];
}

export interface DriverModel {
  readonly descriptors: readonly DriverDescriptor[];
  readonly modules: readonly TS.CallExpression[];
  /** Callbacks by function node, with the descriptor that names them. */
  readonly callbacks: ReadonlyMap<FunctionNode, { readonly role: CallbackRole; readonly descriptor: DriverDescriptor }>;
}

export function discoverDrivers(ts: TypeScript, program: TS.Program, facts: TypeFacts, isAnalysed: (sf: TS.SourceFile) => boolean): DriverModel {
  const checker = facts.checker;
  const descriptors: DriverDescriptor[] = [];
  const modules: TS.CallExpression[] = [];

  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n)) {
      const type = checker.getTypeAtLocation(n);
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const bus = symbol ? facts.kernel.driverInterfaces.get(symbol) : undefined;
      if (bus) {
        const d = describeDescriptor(ts, checker, facts, n, bus, type);
        if (d) descriptors.push(d);
      } else if (symbol && symbol === facts.kernel.moduleInterface) modules.push(n);
    }
    ts.forEachChild(n, visit);
  };
  for (const sf of program.getSourceFiles()) if (isAnalysed(sf)) visit(sf);

  const callbacks = new Map<FunctionNode, { role: CallbackRole; descriptor: DriverDescriptor }>();
  for (const d of descriptors) {
    if (d.probe) callbacks.set(d.probe, { role: 'probe', descriptor: d });
    if (d.unbind) callbacks.set(d.unbind, { role: 'unbind', descriptor: d });
    for (const f of d.dispose) callbacks.set(f, { role: 'dispose', descriptor: d });
  }
  return { descriptors, modules, callbacks };
}

function describeDescriptor(ts: TypeScript, checker: TS.TypeChecker, facts: TypeFacts, call: TS.CallExpression, bus: BusName, type: TS.Type): DriverDescriptor | undefined {
  const definition = definitionOf(ts, checker, call);
  // A wrapper's inner `pci.driver(def)` with `def` a parameter defines nothing
  // itself; the wrapper's call site does.
  if (!definition) return undefined;
  const probe = callbackOf(ts, checker, definition, 'probe');
  const unbind = callbackOf(ts, checker, definition, 'unbind');
  const args = type.flags & ts.TypeFlags.Object && (type as TS.ObjectType).objectFlags & ts.ObjectFlags.Reference ? checker.getTypeArguments(type as TS.TypeReference) : [];
  let self = args[0];
  if (!self && probe) self = checker.getSignatureFromDeclaration(probe)?.getReturnType();
  const selfSymbol = self?.getSymbol();
  if (self && selfSymbol && selfSymbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) && !isLibSymbol(selfSymbol)) facts.addSelfType(selfSymbol);
  return { bus, call, definition, probe, unbind, self, dispose: self ? disposeOf(ts, checker, self) : [] };
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

function callbackOf(ts: TypeScript, checker: TS.TypeChecker, def: TS.ObjectLiteralExpression, name: string): FunctionNode | undefined {
  for (const p of def.properties) {
    if (propertyName(ts, p.name) !== name) continue;
    if (ts.isMethodDeclaration(p)) return p;
    if (ts.isPropertyAssignment(p)) return functionOf(ts, checker, p.initializer);
    if (ts.isShorthandPropertyAssignment(p)) {
      const s = checker.getShorthandAssignmentValueSymbol(p);
      return s?.valueDeclaration ? functionOfDeclaration(ts, s.valueDeclaration) : undefined;
    }
  }
  return undefined;
}

/** The function an expression denotes: a literal, or a name bound to one. */
export function functionOf(ts: TypeScript, checker: TS.TypeChecker, e: TS.Expression): FunctionNode | undefined {
  const x = skipOuter(ts, e);
  if (ts.isFunctionExpression(x) || ts.isArrowFunction(x)) return x;
  if (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x)) {
    const decl = symbolAt(checker, ts, x)?.valueDeclaration;
    return decl ? functionOfDeclaration(ts, decl) : undefined;
  }
  return undefined;
}

function functionOfDeclaration(ts: TypeScript, decl: TS.Declaration): FunctionNode | undefined {
  if (isFunctionNode(ts, decl)) return decl;
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
      const f = functionOfDeclaration(ts, d);
      if (f && f.body) out.push(f);
    }
  }
  return out;
}
