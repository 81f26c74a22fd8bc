/**
 * How a legacy module reaches the simulated driver core: the core hands
 * `init` a `ThisModule` whose registrar registers class drivers through the
 * same matching and probe path as `module({ drivers })`. Internal: not part
 * of the package's exports.
 */
import type { AnyDriver, KernelModule } from '../module.js';

/** @deprecated The handle a legacy module's `init` receives (Rust's `ThisModule`); current modules have none. Migrate: `drvlint migrate --only registration`. */
export interface ThisModule {
  readonly name: string;
}

export interface LegacyModuleDef {
  init(module: ThisModule): unknown;
  exit?(state: unknown): void;
}

/** A driver registered through a `ThisModule`, for its `Registration` to ask about and undo. */
export interface RegisteredDriver {
  registered(): boolean;
  unregister(): void;
}

export interface Registrar {
  /** Registers `driver`; throws `KernelError` (EBUSY: a driver of that name exists; EINVAL: a raw id table without ZERO). */
  register(driver: AnyDriver): RegisteredDriver;
}

const defs = new WeakMap<KernelModule, LegacyModuleDef>();
const registrars = new WeakMap<ThisModule, Registrar>();

export function declareLegacyModule(mod: KernelModule, def: LegacyModuleDef): void {
  defs.set(mod, def);
}

/** The `init`/`exit` of a module declared with the legacy `module()`, if it is one. */
export function legacyModuleOf(mod: KernelModule): LegacyModuleDef | undefined {
  return defs.get(mod);
}

export function linkRegistrar(module: ThisModule, registrar: Registrar): void {
  registrars.set(module, registrar);
}

export function registrarOf(module: ThisModule): Registrar | undefined {
  return registrars.get(module);
}
