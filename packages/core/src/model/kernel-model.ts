// Where `@drvlint/kernel` lives in a program, and the symbols of its API.
// Everything else in the analysis recognises the API through these symbols,
// so aliases, re-exports and wrappers are seen as what they are.
import { KERNEL_MODULE, type KernelImports } from './kernel-imports.js';
import type { TS, TypeScript } from '../ts.js';

export type ContextName = 'Normal' | 'Bound' | 'Core' | 'CoreInternal';
export type BusName = 'pci' | 'platform' | 'auxiliary';

export { KERNEL_MODULE } from './kernel-imports.js';
export const LEGACY_MODULE = '@drvlint/kernel/legacy';

/**
 * The kernel API as one program sees it. A program can hold several copies
 * or versions of `@drvlint/kernel` (one at the root, one nested under a
 * helper package that re-exports it): every copy is recognised, and each
 * fact below is the union over the copies.
 */
export interface KernelModel {
  /** The directories holding each copy's declarations; every file under one is kernel code. */
  readonly roots: readonly string[];
  /** The base `Device` class of each copy. */
  readonly devices: ReadonlySet<TS.Symbol>;
  /** The escaped names of the phantom property that carries a device's context, per copy. */
  readonly contextKeys: ReadonlySet<TS.__String>;
  readonly contexts: ReadonlyMap<TS.Type, ContextName>;
  readonly driverInterfaces: ReadonlyMap<TS.Symbol, BusName>;
  readonly moduleInterfaces: ReadonlySet<TS.Symbol>;
  /** Classes whose instances belong to one binding: Devres, Bar, IoMem, registrations, handles. */
  readonly scopedClasses: ReadonlySet<TS.Symbol>;
  /** Kernel functions (by declaration) whose callback parameter runs later, after the current callback returns. */
  readonly deferringParams: ReadonlyMap<TS.Declaration, DeferringApi>;
  /** The declarations of work queues' `enqueue`: its handle must be kept to be cancelled. */
  readonly enqueues: ReadonlySet<TS.Declaration>;
  /** Id-table builders by declaration: which kind of table, and whether the terminator is written by hand. */
  readonly tableBuilders: ReadonlyMap<TS.Declaration, { readonly kind: IdTableKind; readonly raw: boolean }>;
  /** The `DeviceId.ZERO` sentinel of each kind of table, by declaration. */
  readonly zeros: ReadonlyMap<TS.Declaration, IdTableKind>;
  /** The bus-only context. */
  readonly coreInternals: ReadonlySet<TS.Symbol>;
  /** `setDrvdata`, `drvdataBorrow`, `drvdataObtain`: for bus abstractions only. */
  readonly busOnlyMembers: ReadonlySet<TS.Declaration>;
  /**
   * The declarations of those members' signatures: a call whose possible
   * signatures (mayRun) include none of them cannot name one, so its member
   * need not be resolved.
   */
  readonly busOnlySignatures: ReadonlySet<TS.Declaration>;
  /** The `RequiresTeardown` type alias, as it appears in `implements` clauses. */
  readonly requiresTeardowns: ReadonlySet<TS.Symbol>;
  /** The property keys of the teardown brand when a type carries it as a member. */
  readonly teardownKeys: ReadonlySet<string>;
  /** `Devres.tryAccess`, `Devres.tryAccessWith` and `Devres.access`, by declaration. */
  readonly devresMembers: ReadonlyMap<TS.Declaration, 'tryAccess' | 'tryAccessWith' | 'access'>;
  /** The declarations of those members' signatures (see busOnlySignatures). */
  readonly devresSignatures: ReadonlySet<TS.Declaration>;
  /** Each bus's device class, so a class driver's bus is known from its probe's device. */
  readonly busDevices: ReadonlyMap<TS.Symbol, BusName>;
  /** The legacy `Registration.new` of each copy, whose argument is a class driver. */
  readonly legacyRegistrationNews: ReadonlySet<TS.Declaration>;
  /** Whether a file is one of the kernel package's own. */
  isKernelFile(fileName: string): boolean;
  /** Whether a file declares `@drvlint/kernel/legacy` (every name declared there is legacy API). */
  isLegacyFile(fileName: string): boolean;
}

export type IdTableKind = 'pci' | 'of' | 'acpi' | 'auxiliary';

/** A kernel function that keeps a callback to run later, and which kind of callback it is. */
export interface DeferringApi {
  readonly params: readonly number[];
  readonly role: 'timer' | 'work' | 'irq';
}

type Exports = Map<string, TS.Symbol>;

function exportsOf(checker: TS.TypeChecker, ts: TypeScript, mod: TS.Symbol): Exports {
  const out: Exports = new Map();
  for (const s of checker.getExportsOfModule(mod)) out.set(s.name, resolve(checker, ts, s));
  return out;
}

export function resolve(checker: TS.TypeChecker, ts: TypeScript, s: TS.Symbol): TS.Symbol {
  return s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
}

/** The symbol a node names, seen through import aliases and re-exports. */
export function symbolAt(checker: TS.TypeChecker, ts: TypeScript, n: TS.Node): TS.Symbol | undefined {
  const s = checker.getSymbolAtLocation(n);
  return s ? resolve(checker, ts, s) : undefined;
}

/** The kernel API as this program sees it; undefined when no file uses `@drvlint/kernel`. */
export function buildKernelModel(ts: TypeScript, program: TS.Program, imports: KernelImports): KernelModel | undefined {
  const checker = program.getTypeChecker();
  const copies = imports
    .modules(KERNEL_MODULE)
    .map((m) => copyOf(ts, checker, m))
    .filter((c): c is KernelCopy => c !== undefined);
  if (copies.length === 0) return undefined;
  const legacyNews = new Set<TS.Declaration>();
  for (const legacy of imports.modules(LEGACY_MODULE)) {
    const reg = exportsOf(checker, ts, legacy).get('Registration');
    const d = reg ? checker.getPropertyOfType(checker.getTypeOfSymbol(reg), 'new') : undefined;
    const decl = d?.valueDeclaration ?? d?.declarations?.[0];
    if (decl) legacyNews.add(decl);
  }
  const roots = copies.map((c) => c.root);
  const union = <T>(pick: (c: KernelCopy) => T | undefined): Set<T> => new Set(copies.map(pick).filter((x): x is T => x !== undefined));
  const merged = <K, V>(pick: (c: KernelCopy) => ReadonlyMap<K, V>): Map<K, V> => new Map(copies.flatMap((c) => [...pick(c)]));
  return {
    roots,
    isKernelFile: (f) => roots.some((r) => f.startsWith(r)),
    isLegacyFile: (f) => roots.some((r) => f.startsWith(`${r}legacy/`)),
    legacyRegistrationNews: legacyNews,
    devices: union((c) => c.device),
    contextKeys: union((c) => c.contextProperty.escapedName),
    contexts: merged((c) => c.contexts),
    driverInterfaces: merged((c) => c.driverInterfaces),
    moduleInterfaces: union((c) => c.moduleInterface),
    scopedClasses: new Set(copies.flatMap((c) => [...c.scopedClasses])),
    deferringParams: merged((c) => c.deferringParams),
    enqueues: union((c) => c.enqueue),
    tableBuilders: merged((c) => c.tableBuilders),
    zeros: merged((c) => c.zeros),
    coreInternals: union((c) => c.coreInternal),
    busOnlyMembers: new Set(copies.flatMap((c) => [...c.busOnlyMembers])),
    busOnlySignatures: new Set(copies.flatMap((c) => [...c.busOnlySignatures])),
    devresSignatures: new Set(copies.flatMap((c) => [...c.devresSignatures])),
    requiresTeardowns: union((c) => c.requiresTeardown),
    teardownKeys: union((c) => c.teardownKey),
    devresMembers: merged((c) => c.devresMembers),
    busDevices: merged((c) => c.busDevices),
  };
}

/** One copy of the kernel package: its symbols, as the program sees them. */
interface KernelCopy {
  readonly root: string;
  readonly device: TS.Symbol;
  readonly contextProperty: TS.Symbol;
  readonly contexts: ReadonlyMap<TS.Type, ContextName>;
  readonly driverInterfaces: ReadonlyMap<TS.Symbol, BusName>;
  readonly moduleInterface: TS.Symbol | undefined;
  readonly scopedClasses: ReadonlySet<TS.Symbol>;
  readonly deferringParams: ReadonlyMap<TS.Declaration, DeferringApi>;
  readonly enqueue: TS.Declaration | undefined;
  readonly tableBuilders: ReadonlyMap<TS.Declaration, { readonly kind: IdTableKind; readonly raw: boolean }>;
  readonly zeros: ReadonlyMap<TS.Declaration, IdTableKind>;
  readonly coreInternal: TS.Symbol | undefined;
  readonly busOnlyMembers: ReadonlySet<TS.Declaration>;
  readonly busOnlySignatures: ReadonlySet<TS.Declaration>;
  readonly devresSignatures: ReadonlySet<TS.Declaration>;
  readonly requiresTeardown: TS.Symbol | undefined;
  readonly teardownKey: string | undefined;
  readonly devresMembers: ReadonlyMap<TS.Declaration, 'tryAccess' | 'tryAccessWith' | 'access'>;
  readonly busDevices: ReadonlyMap<TS.Symbol, BusName>;
}

function copyOf(ts: TypeScript, checker: TS.TypeChecker, mod: TS.Symbol): KernelCopy | undefined {
  const decl = mod.declarations?.[0];
  if (!decl) return undefined;
  const rootFile = decl.getSourceFile().fileName;
  const root = rootFile.slice(0, rootFile.lastIndexOf('/') + 1);
  const top = exportsOf(checker, ts, mod);
  const ns = (name: string): Exports => {
    const s = top.get(name);
    return s ? exportsOf(checker, ts, s) : (new Map() as Exports);
  };
  const pci = ns('pci');
  const platform = ns('platform');
  const auxiliary = ns('auxiliary');
  const hrtimer = ns('hrtimer');
  const workqueue = ns('workqueue');
  const irq = ns('irq');
  const kinds: readonly (readonly [IdTableKind, Exports])[] = [
    ['pci', pci],
    ['of', ns('of')],
    ['acpi', ns('acpi')],
    ['auxiliary', auxiliary],
  ];

  const device = top.get('Device');
  if (!device) return undefined;
  const deviceType = checker.getDeclaredTypeOfSymbol(device);
  const contextProperty = checker.getPropertiesOfType(deviceType).find((p) => p.name.startsWith('__@deviceContext'));
  if (!contextProperty) return undefined;

  const contexts = new Map<TS.Type, ContextName>();
  for (const c of ['Normal', 'Bound', 'Core', 'CoreInternal'] as const) {
    const s = top.get(c);
    if (s) contexts.set(checker.getDeclaredTypeOfSymbol(s), c);
  }

  const driverInterfaces = new Map<TS.Symbol, BusName>();
  for (const [bus, exp] of [
    ['pci', pci],
    ['platform', platform],
    ['auxiliary', auxiliary],
  ] as const) {
    const d = exp.get('Driver');
    if (d) driverInterfaces.set(d, bus);
  }

  const scopedClasses = new Set<TS.Symbol>(
    [
      top.get('Devres'),
      pci.get('Bar'),
      platform.get('IoMem'),
      platform.get('IoRequest'),
      irq.get('Registration'),
      auxiliary.get('Registration'),
      hrtimer.get('Handle'),
      hrtimer.get('HrTimer'),
      workqueue.get('WorkHandle'),
    ].filter((s): s is TS.Symbol => s !== undefined),
  );

  // By declaration node: symbols of the same member can differ by the route they were reached through.
  const declOf = (s: TS.Symbol | undefined): TS.Declaration | undefined => s?.valueDeclaration ?? s?.declarations?.[0];
  const member = (cls: TS.Symbol | undefined, name: string): TS.Declaration | undefined =>
    cls ? declOf(checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(cls), name)) : undefined;

  const deferringParams = new Map<TS.Declaration, DeferringApi>();
  const defer = (d: TS.Declaration | undefined, role: DeferringApi['role'], ...params: number[]): void => {
    if (d) deferringParams.set(d, { params, role });
  };
  defer(declOf(hrtimer.get('create')), 'timer', 0);
  defer(member(workqueue.get('Queue'), 'enqueue'), 'work', 0);
  defer(member(pci.get('Device'), 'requestIrq'), 'irq', 2);
  defer(member(platform.get('Device'), 'requestIrqByIndex'), 'irq', 2);

  const tableBuilders = new Map<TS.Declaration, { kind: IdTableKind; raw: boolean }>();
  const zeros = new Map<TS.Declaration, IdTableKind>();
  for (const [kind, exp] of kinds) {
    const built = declOf(exp.get('idTable'));
    const raw = declOf(exp.get('rawIdTable'));
    if (built) tableBuilders.set(built, { kind, raw: false });
    if (raw) tableBuilders.set(raw, { kind, raw: true });
    const id = exp.get('DeviceId');
    const zero = id ? declOf(checker.getPropertyOfType(checker.getTypeOfSymbol(id), 'ZERO')) : undefined;
    if (zero) zeros.set(zero, kind);
  }
  const busOnlyMembers = new Set(BUS_ONLY_MEMBERS.map((m) => member(device, m)).filter((d): d is TS.Declaration => d !== undefined));
  const busOnlySignatures = signaturesOf(checker, device, BUS_ONLY_MEMBERS);

  const handle = hrtimer.get('Handle');
  const teardownKey = handle
    ? (checker
        .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(handle))
        .find((p) => String(p.escapedName).startsWith('__@teardownBrand'))?.escapedName as string | undefined)
    : undefined;
  const devresSignatures = signaturesOf(checker, top.get('Devres'), DEVRES_MEMBERS);
  const devresMembers = new Map<TS.Declaration, 'tryAccess' | 'tryAccessWith' | 'access'>();
  for (const m of DEVRES_MEMBERS) {
    const d = member(top.get('Devres'), m);
    if (d) devresMembers.set(d, m);
  }

  const busDevices = new Map<TS.Symbol, BusName>();
  for (const [bus, exp] of [
    ['pci', pci],
    ['platform', platform],
    ['auxiliary', auxiliary],
  ] as const) {
    const d = exp.get('Device');
    if (d) busDevices.set(d, bus);
  }
  return {
    root,
    busDevices,
    device,
    contextProperty,
    contexts,
    driverInterfaces,
    moduleInterface: top.get('KernelModule'),
    scopedClasses,
    deferringParams,
    enqueue: member(workqueue.get('Queue'), 'enqueue'),
    tableBuilders,
    zeros,
    coreInternal: top.get('CoreInternal'),
    busOnlyMembers,
    busOnlySignatures,
    devresSignatures,
    requiresTeardown: top.get('RequiresTeardown'),
    teardownKey,
    devresMembers,
  };
}

/** The Device members only bus abstractions may call. */
const BUS_ONLY_MEMBERS = ['setDrvdata', 'drvdataBorrow', 'drvdataObtain'] as const;
/** Devres's accessors. */
const DEVRES_MEMBERS = ['tryAccess', 'tryAccessWith', 'access'] as const;

/**
 * The declarations a call of one of `cls`'s members `names` can resolve to:
 * the members' own, and those of their types' call signatures. A call whose
 * possible signatures (mayRun) include none of them cannot be one.
 */
function signaturesOf(checker: TS.TypeChecker, cls: TS.Symbol | undefined, names: readonly string[]): Set<TS.Declaration> {
  const found = new Set<TS.Declaration>();
  if (!cls) return found;
  for (const name of names) {
    const symbol = checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(cls), name);
    if (!symbol) continue;
    for (const d of symbol.declarations ?? []) found.add(d);
    for (const sig of checker.getTypeOfSymbol(symbol).getCallSignatures()) {
      const d = sig.getDeclaration();
      if (d) found.add(d);
    }
  }
  return found;
}
