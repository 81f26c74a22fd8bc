// Which modules are loaded and which drivers each registered: statically
// (`module({ drivers })`) or by hand from a legacy module's `init`. The driver
// core binds and unbinds devices; this keeps the books, validates each
// registration as the kernel's driver_register does, and runs legacy
// `init`/`exit`.
import { KernelError, errno } from '../errors.js';
import { type ThisModule, legacyModuleOf, linkRegistrar } from '../legacy/runtime.js';
import type { AnyDriver, KernelModule } from '../module.js';
import type { Violation } from '../runtime.js';
import { type AnyTable, tablesOf } from './buses.js';

export interface RegistryHost {
  say(line: string): void;
  /** A problem the kernel warns about at registration (it may also refuse). */
  report(v: Violation): void;
  /** Probe every unbound device `driver` matches. */
  bindAll(driver: AnyDriver): void;
  /** Unbind every device bound to `driver`. */
  unbindAll(driver: AnyDriver): void;
}

export class ModuleRegistry {
  /** Registered drivers, in registration order: the order devices are matched against. */
  readonly drivers: AnyDriver[] = [];
  readonly #modules = new Set<KernelModule>();
  /** Drivers each loaded module registered (a legacy module's, as its `init` registered them), in order. */
  readonly #owned = new Map<KernelModule, AnyDriver[]>();
  readonly #legacyState = new Map<KernelModule, unknown>();

  constructor(readonly host: RegistryHost) {}

  load(mod: KernelModule): void {
    if (this.#modules.has(mod)) throw new KernelError(errno.EBUSY, `module ${mod.name} is already loaded`);
    const legacy = legacyModuleOf(mod);
    if (!legacy) for (const d of mod.drivers) this.#validate(d, mod.drivers);
    this.#modules.add(mod);
    this.#owned.set(mod, []);
    this.host.say(`module ${mod.name}: loaded`);
    if (!legacy) {
      for (const d of mod.drivers) this.#register(mod, d);
      return;
    }
    const thisModule: ThisModule = Object.freeze({ name: mod.name });
    linkRegistrar(thisModule, {
      register: (d) => {
        if (!this.#modules.has(mod)) throw new KernelError(errno.EINVAL, `module ${mod.name} is not loaded`);
        this.#validate(d, []);
        this.#register(mod, d);
        return { registered: () => this.drivers.includes(d), unregister: () => this.#unregister(mod, d) };
      },
    });
    try {
      this.#legacyState.set(mod, legacy.init(thisModule));
    } catch (e) {
      this.host.say(`module ${mod.name}: init failed: ${e instanceof Error ? e.message : String(e)}`);
      this.#forget(mod);
      throw e;
    }
  }

  unload(mod: KernelModule): void {
    if (!this.#modules.has(mod)) throw new KernelError(errno.ENOENT, `module ${mod.name} is not loaded`);
    const legacy = legacyModuleOf(mod);
    if (legacy?.exit) {
      try {
        legacy.exit(this.#legacyState.get(mod));
      } catch (e) {
        this.host.say(`module ${mod.name}: exit threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.#forget(mod);
    this.host.say(`module ${mod.name}: unloaded`);
  }

  /** EBUSY for a name already registered (or twice in one module), EINVAL for a raw table without ZERO. */
  #validate(d: AnyDriver, siblings: readonly AnyDriver[]): void {
    const same = (r: AnyDriver): boolean => r !== d && r.bus === d.bus && r.name === d.name;
    if (this.drivers.some(same) || siblings.slice(0, siblings.indexOf(d)).some(same)) {
      throw new KernelError(errno.EBUSY, `a ${d.bus} driver named ${d.name} is already registered`);
    }
    const report = (detail: string): void =>
      this.host.report({ kind: 'id-table', driver: d.name, device: '(none)', detail: `driver ${d.name}: ${detail}` });
    for (const t of tablesOf(d)) for (const problem of tableProblems(t)) report(problem);
    if (tablesOf(d).some((t) => t.scan() === undefined)) {
      throw new KernelError(errno.EINVAL, `driver ${d.name}: raw id table has no ZERO terminator`);
    }
  }

  #register(mod: KernelModule, d: AnyDriver): void {
    this.#owned.get(mod)?.push(d);
    this.drivers.push(d);
    this.host.bindAll(d);
  }

  #unregister(mod: KernelModule, d: AnyDriver): void {
    if (!this.drivers.includes(d)) return;
    this.host.unbindAll(d);
    this.drivers.splice(this.drivers.indexOf(d), 1);
    const owned = this.#owned.get(mod);
    owned?.splice(owned.indexOf(d), 1);
  }

  /** Unregister what `mod` registered, last first, and drop the module. */
  #forget(mod: KernelModule): void {
    for (const d of [...(this.#owned.get(mod) ?? [])].reverse()) this.#unregister(mod, d);
    this.#owned.delete(mod);
    this.#legacyState.delete(mod);
    this.#modules.delete(mod);
  }
}

/**
 * What the kernel (and modpost) would say about one id table: no terminator
 * in a raw table, a `ZERO` with entries after it (they never match), and
 * the same id twice (the second never matches).
 */
function tableProblems(t: AnyTable): string[] {
  const problems: string[] = [];
  const ids = t.entries.map((e) => (Array.isArray(e) ? e[0] : e) as { isZero(): boolean });
  const zero = ids.findIndex((id) => id.isZero());
  if (t.raw && zero < 0) problems.push(`the ${t.kind} id table has no ZERO terminator`);
  if (zero >= 0 && ids.slice(zero + 1).some((id) => !id.isZero())) {
    problems.push(`the ${t.kind} id table has ZERO at entry ${zero}, before the end; the entries after it never match`);
  }
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id.isZero()) return;
    // Ids are plain records of public fields (vendor/device/…, a name), so equal fields are the same id.
    const key = `${id.constructor.name}:${JSON.stringify(id)}`;
    const before = seen.get(key);
    if (before !== undefined)
      problems.push(`the ${t.kind} id table lists the same id at entries ${before} and ${i}; the second never matches`);
    else seen.set(key, i);
  });
  return problems;
}
