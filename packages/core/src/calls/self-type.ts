// A driver definition's Self (its private data type), inferred the way the
// checker infers `pci.driver<Self, Info>(def)`'s first type argument, but
// from the definition's callbacks alone. Resolving the call checks the whole
// definition and costs more than all the rest of discovery; probe's result
// type and the annotated `self` parameters are all the inference has to go
// on, and when they name one type, that type is Self.
import { type FunctionNode, propertyName } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

/**
 * Where a signature's first parameter (the definition) mentions Self: per
 * property, whether Self is its callback's result and which of its
 * parameters are Self. null when Self appears in any other way, and only
 * resolving the call infers it.
 */
type SelfUses = ReadonlyMap<string, { readonly result: boolean; readonly params: readonly number[] }>;

const usesBySignature = new WeakMap<TS.Signature, SelfUses | null>();

const MAX_DEPTH = 4;

/**
 * Self for a call of `signature` (one whose result is `Driver<Self, …>`)
 * with `definition` as its literal first argument; undefined when the
 * callbacks do not settle it and the caller must resolve the call.
 * `callback` finds the function a definition property names.
 */
export function inferredSelf(
  ts: TypeScript,
  checker: TS.TypeChecker,
  signature: TS.Signature,
  definition: TS.ObjectLiteralExpression,
  callback: (name: string) => FunctionNode | undefined,
): TS.Type | undefined {
  let uses = usesBySignature.get(signature);
  if (uses === undefined) usesBySignature.set(signature, (uses = selfUses(ts, checker, signature)));
  // A spread can bring callbacks of its own.
  if (!uses || definition.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
  let self: TS.Type | undefined;
  const candidate = (t: TS.Type): boolean => {
    if (self !== undefined && self !== t) return false;
    self = t;
    return true;
  };
  for (const [name, use] of uses) {
    if (!definition.properties.some((p) => propertyName(ts, p.name) === name)) continue;
    const fn = callback(name);
    // A callback built by a call, a generic one, or one declared by overloads (inference reads the last of them, not the
    // implementation): inference sees more than this declaration says.
    if (!fn || fn.typeParameters || !fn.body || isOverloaded(checker, fn)) return undefined;
    if (use.result) {
      const result = checker.getSignatureFromDeclaration(fn)?.getReturnType();
      if (!result || !candidate(result)) return undefined;
    }
    for (const i of use.params) {
      const param = fn.parameters[i];
      if (param?.dotDotDotToken) return undefined;
      // An unannotated parameter is typed from Self, and says nothing about it.
      if (param?.type && !candidate(checker.getTypeFromTypeNode(param.type))) return undefined;
    }
  }
  return self;
}

function selfUses(ts: TypeScript, checker: TS.TypeChecker, signature: TS.Signature): SelfUses | null {
  const result = signature.getReturnType();
  const self =
    result.flags & ts.TypeFlags.Object && (result as TS.ObjectType).objectFlags & ts.ObjectFlags.Reference
      ? checker.getTypeArguments(result as TS.TypeReference)[0]
      : undefined;
  if (!self || !(self.flags & ts.TypeFlags.TypeParameter) || !signature.typeParameters?.includes(self)) return null;
  const [first, ...rest] = signature.parameters;
  if (!first || rest.some((p) => mentions(ts, checker, checker.getTypeOfSymbol(p), self, 0))) return null;
  const uses = new Map<string, { result: boolean; params: number[] }>();
  for (const property of checker.getPropertiesOfType(checker.getTypeOfSymbol(first))) {
    const type = withoutUndefined(ts, checker.getTypeOfSymbol(property));
    if (!mentions(ts, checker, type, self, 0)) continue;
    // Only a callback that takes or returns Self itself is read; anything else mentioning it is left to the checker.
    const [callback, ...others] = type.getCallSignatures();
    if (!callback || others.length > 0 || type.getProperties().length > 0) return null;
    const returned = callback.getReturnType();
    if (returned !== self && mentions(ts, checker, returned, self, 0)) return null;
    const params: number[] = [];
    for (const [i, p] of callback.parameters.entries()) {
      // Not getNonNullableType: of a type parameter, that makes `NonNullable<Self>`.
      const t = withoutUndefined(ts, checker.getTypeOfSymbol(p));
      if (t === self) params.push(i);
      else if (mentions(ts, checker, t, self, 0)) return null;
    }
    uses.set(property.name, { result: returned === self, params });
  }
  return uses;
}

function isOverloaded(checker: TS.TypeChecker, fn: FunctionNode): boolean {
  const declarations = fn.name ? checker.getSymbolAtLocation(fn.name)?.declarations : undefined;
  return declarations !== undefined && declarations.length > 1;
}

/** `T | undefined` as T: an optional property's or parameter's declared type. */
function withoutUndefined(ts: TypeScript, type: TS.Type): TS.Type {
  if (!type.isUnion()) return type;
  const defined = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
  return defined.length === 1 ? (defined[0] as TS.Type) : type;
}

/** Whether `type` may mention `self`, a type parameter: true when not sure. */
export function mentions(ts: TypeScript, checker: TS.TypeChecker, type: TS.Type, self: TS.Type, depth: number): boolean {
  if (type === self) return true;
  const F = ts.TypeFlags;
  // Another type parameter is inferred on its own; conditional, indexed and other computed types may hold Self.
  if (type.flags & F.TypeParameter) return false;
  if (type.flags & F.Instantiable) return true;
  if (type.flags & F.UnionOrIntersection)
    return (type as TS.UnionOrIntersectionType).types.some((t) => mentions(ts, checker, t, self, depth));
  if (!(type.flags & F.Object)) return false;
  if (depth >= MAX_DEPTH) return true;
  const object = type as TS.ObjectType;
  if (object.objectFlags & ts.ObjectFlags.Reference)
    return checker.getTypeArguments(object as TS.TypeReference).some((t) => mentions(ts, checker, t, self, depth + 1));
  // A class or interface that is no instance of a generic one cannot name another's type parameter.
  if (object.objectFlags & ts.ObjectFlags.ClassOrInterface) return false;
  for (const s of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
    if (mentions(ts, checker, s.getReturnType(), self, depth + 1)) return true;
    if (s.parameters.some((p) => mentions(ts, checker, checker.getTypeOfSymbol(p), self, depth + 1))) return true;
  }
  return type.getProperties().some((p) => mentions(ts, checker, checker.getTypeOfSymbol(p), self, depth + 1));
}
