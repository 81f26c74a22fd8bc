// The simulated driver core: binds, unbinds and releases devices as the
// kernel's driver core does, and reports what a driver did that the real
// core forbids.
// Longer than 400 lines: it is one state machine (bind, unbind, release,
// revocation, leak checks) whose invariants read best in one class; its parts
// that stand alone already live beside it (buses, clock, gc, modules).
import * as auxiliary from '../auxiliary.js';
import type { ContextName } from '../context.js';
import { Device, type View, viewOf, viewToken } from '../device.js';
import { KernelError, errno, errnoName } from '../errors.js';
import type { AnyDriver, KernelModule } from '../module.js';
import * as pci from '../pci.js';
import * as platform from '../platform.js';
import { type Binding, type CoreHooks, type DeviceState, type Violation, withBinding } from '../runtime.js';
import { type PciDeviceSpec, type PlatformDeviceSpec, match } from './buses.js';
import { type Deferred, VirtualClock, WorkQueue } from './clock.js';
import { ModuleRegistry } from './modules.js';
import { forceGc, nextMacrotask } from './gc.js';

export interface DriverCoreOptions {
  /** Called with every line of the kernel log (probe, unbind, `dev_info!`, …). */
  readonly log?: (line: string) => void;
}

interface LeakCandidate {
  readonly driver: string;
  readonly device: string;
  readonly data: WeakRef<object>;
}

/**
 * A small but real driver core: buses, matching, probe and unbind in the
 * kernel's order, device resources, a virtual clock and a work queue. It
 * reports at run time the faults that drvlint's rules report statically.
 */
export class DriverCore {
  readonly pci = {
    addDevice: (spec: PciDeviceSpec): pci.Device => this.#addPci(spec),
    removeDevice: (dev: pci.Device): void => this.removeDevice(dev),
  };
  readonly platform = {
    addDevice: (spec: PlatformDeviceSpec): platform.Device => this.#addPlatform(spec),
    removeDevice: (dev: platform.Device): void => this.removeDevice(dev),
  };
  readonly auxiliary = {
    /** Auxiliary devices are added by `auxiliary.Registration.new`; this lists them. */
    devices: (): auxiliary.Device[] => this.#devices.filter((d) => d.bus === 'auxiliary').map((d) => this.#ref(d) as auxiliary.Device),
  };

  readonly #hooks: CoreHooks;
  readonly #devices: DeviceState[] = [];
  readonly #registry = new ModuleRegistry({
    say: (line) => this.#say(line),
    report: (v) => this.#violations.push(v),
    bindAll: (d) => {
      for (const dev of [...this.#devices]) if (dev.binding === undefined && !dev.removed) this.#tryBind(dev, d);
    },
    unbindAll: (d) => {
      for (const dev of [...this.#devices].reverse()) if (this.#driverOf(dev) === d) this.#unbind(dev);
    },
  });
  readonly #trace: string[] = [];
  readonly #violations: Violation[] = [];
  readonly #log: string[] = [];
  readonly #logSink: ((line: string) => void) | undefined;
  readonly #clock = new VirtualClock();
  readonly #work = new WorkQueue();
  #leakCandidates: LeakCandidate[] = [];
  #nextSlot = 1;

  constructor(options: DriverCoreOptions = {}) {
    this.#logSink = options.log;
    this.#hooks = {
      report: (v) => this.#violations.push(v),
      log: (line) => this.#say(line),
      trace: (dev, op) => this.#traceOp(dev, op),
      schedule: (binding, delayNs, fire) => this.#clock.schedule({ binding, run: fire, what: 'hrtimer callback' }, delayNs),
      enqueueWork: (binding, work) => this.#work.enqueue({ binding, run: () => withBinding(binding, work), what: 'work item' }),
      view: (dev, ctx, binding) => this.#mint(dev, ctx, binding).device,
      addAuxiliaryDevice: (parent, modname, name, id) => this.#addAuxiliary(parent, modname, name, id),
      removeDevice: (dev) => this.#remove(dev),
    };
  }

  // ---- modules and drivers -------------------------------------------------

  /**
   * Register every driver of `mod` and probe the devices they match. A legacy
   * module (`@drvlint/kernel/legacy`) runs its `init`, which registers class
   * drivers by hand through the same path; if `init` throws, what it
   * registered is unregistered and the load fails.
   */
  load(mod: KernelModule): void {
    this.#registry.load(mod);
  }

  /** Unbind every device bound to `mod`'s drivers, then unregister them; a legacy module's `exit` runs first. */
  unload(mod: KernelModule): void {
    this.#registry.unload(mod);
  }

  /**
   * The lifecycle trace: one line per device-visible operation, in order,
   * naming the bus and the device (`pci 0000:00:01.0: write32 0x1 @0x40`).
   * Probe and unbind start and end, register accesses, enable, master and
   * disable, BAR and resource mapping and release, IRQ request, fire and free,
   * timer start, fire and cancel, work queue, run and cancel, devices added
   * and removed. Revocation shows as what it does to the device (a BAR
   * released, an IRQ freed, an auxiliary device removed). Nothing in it
   * depends on time or object identity, so two runs of one scenario compare
   * equal, and two drivers behave the same when their traces do.
   */
  get trace(): readonly string[] {
    return [...this.#trace];
  }

  // ---- devices ---------------------------------------------------------------

  /** Unbind the driver from `dev` (`echo … > unbind`); the device stays. */
  unbind(dev: Device): void {
    this.#unbind(viewOf(dev).dev);
  }

  /** Try to bind `dev` again, as `drivers_probe`. */
  bind(dev: Device): void {
    const state = viewOf(dev).dev;
    if (state.binding === undefined && !state.removed) for (const d of this.#registry.drivers) if (this.#tryBind(state, d)) break;
  }

  removeDevice(dev: Device): void {
    this.#remove(viewOf(dev).dev);
  }

  /** The name of the driver bound to `dev`, if any. */
  boundDriver(dev: Device): string | undefined {
    return viewOf(dev).dev.binding?.driver;
  }

  // ---- time, work and interrupts ---------------------------------------------

  /** Advance the virtual clock by `ns`, firing due hrtimers. */
  advance(ns: number): void {
    this.#clock.advance(ns, (d) => this.#dispatch(d));
  }

  /** Run queued work until the queue is empty; returns how many items ran or were refused. */
  runWork(): number {
    return this.#work.drain((d) => this.#dispatch(d));
  }

  /** Raise interrupt `line` of `dev`; returns the handler's answer, or undefined if no handler is registered. */
  raiseIrq(dev: Device, line: number): number | undefined {
    const state = viewOf(dev).dev;
    const hw = state.hw;
    if (hw.kind === 'auxiliary') return undefined;
    const irq = hw.irqs.get(line);
    if (irq === undefined) return undefined;
    const { binding } = irq;
    let result: number | undefined;
    this.#dispatch({
      binding,
      what: `IRQ ${line} handler (${irq.name})`,
      run: () => {
        const { device, view } = this.#mint(state, 'Bound', binding);
        try {
          this.#traceOp(state, `irq ${line} fire`);
          result = withBinding(binding, () => irq.handler.handle(device as never));
        } finally {
          view.valid = false;
        }
      },
    });
    return result;
  }

  // ---- what was seen -----------------------------------------------------------

  /** Violations seen so far, in order. */
  report(): readonly Violation[] {
    return [...this.#violations];
  }

  /**
   * The kmemleak analogue: after a forced GC, private data of unbound
   * drivers that something still reaches is reported as a leak.
   */
  async checkLeaks(): Promise<readonly Violation[]> {
    await nextMacrotask();
    forceGc();
    await nextMacrotask();
    forceGc();
    for (const c of this.#leakCandidates) {
      if (c.data.deref() !== undefined) {
        this.#violations.push({
          kind: 'leak',
          driver: c.driver,
          device: c.device,
          detail: 'driver private data still reachable after unbind',
        });
      }
    }
    this.#leakCandidates = [];
    return this.report();
  }

  get log(): readonly string[] {
    return [...this.#log];
  }

  /** Virtual time in nanoseconds. */
  get now(): number {
    return this.#clock.now;
  }

  // ---- internals ---------------------------------------------------------------

  #traceOp(dev: DeviceState, op: string): void {
    this.#trace.push(`${dev.bus} ${dev.name}: ${op}`);
  }

  #say(line: string): void {
    this.#log.push(line);
    this.#logSink?.(line);
  }

  #mint(dev: DeviceState, ctx: ContextName, binding: Binding | undefined): { device: Device; view: View } {
    const view: View = { dev, ctx, binding, valid: true };
    const cls = dev.bus === 'pci' ? pci.Device : dev.bus === 'platform' ? platform.Device : auxiliary.Device;
    return { device: new cls(viewToken, view), view };
  }

  #ref(dev: DeviceState): Device {
    return this.#mint(dev, 'Normal', undefined).device;
  }

  #newDevice(bus: DeviceState['bus'], name: string, hw: DeviceState['hw'], parent?: DeviceState): DeviceState {
    if (this.#devices.some((d) => d.name === name && !d.removed)) throw new KernelError(errno.EBUSY, `a device named ${name} exists`);
    const dev: DeviceState = { core: this.#hooks, bus, name, parent, hw, binding: undefined, drvdata: undefined, removed: false };
    this.#devices.push(dev);
    this.#say(`${bus} ${name}: added`);
    this.#traceOp(dev, 'add');
    for (const d of this.#registry.drivers) if (this.#tryBind(dev, d)) break;
    return dev;
  }

  #addPci(spec: PciDeviceSpec): pci.Device {
    const name = spec.name ?? `0000:00:${(this.#nextSlot++).toString(16).padStart(2, '0')}.0`;
    const dev = this.#newDevice('pci', name, {
      kind: 'pci',
      vendor: spec.vendor,
      device: spec.device,
      subvendor: spec.subvendor ?? 0,
      subdevice: spec.subdevice ?? 0,
      class: spec.class ?? 0,
      bars: spec.bars ?? [],
      memEnabled: false,
      master: false,
      requested: new Set(),
      irqs: new Map(),
    });
    return this.#ref(dev) as pci.Device;
  }

  #addPlatform(spec: PlatformDeviceSpec): platform.Device {
    const dev = this.#newDevice('platform', spec.name, {
      kind: 'platform',
      compatible: spec.compatible ?? [],
      hid: spec.hid,
      resources: spec.resources ?? [],
      irqNumbers: spec.irqs ?? [],
      irqs: new Map(),
    });
    return this.#ref(dev) as platform.Device;
  }

  #addAuxiliary(parent: DeviceState, modname: string, name: string, id: number): DeviceState {
    // device_add() refuses a second device of the same name on a bus.
    const full = `${modname}.${name}.${id}`;
    if (this.#devices.some((d) => d.bus === 'auxiliary' && d.name === full && !d.removed)) {
      throw new KernelError(errno.EEXIST, `auxiliary device ${full} already exists`);
    }
    return this.#newDevice('auxiliary', `${modname}.${name}.${id}`, { kind: 'auxiliary', modname, name, id }, parent);
  }

  #remove(dev: DeviceState): void {
    if (dev.removed) return;
    this.#unbind(dev);
    dev.removed = true;
    this.#devices.splice(this.#devices.indexOf(dev), 1);
    this.#say(`${dev.bus} ${dev.name}: removed`);
    this.#traceOp(dev, 'remove');
  }

  #driverOf(dev: DeviceState): AnyDriver | undefined {
    return dev.binding === undefined ? undefined : this.#bound.get(dev.binding);
  }
  readonly #bound = new WeakMap<Binding, AnyDriver>();

  /** really_probe(): returns whether `driver` is now bound to `dev`. */
  #tryBind(dev: DeviceState, driver: AnyDriver): boolean {
    const hit = match(driver, dev);
    if (hit === undefined) return false;
    const binding: Binding = { driver: driver.name, device: dev, phase: 'probing', devres: [], obligations: new Map() };
    this.#bound.set(binding, driver);
    dev.binding = binding;
    const core = this.#mint(dev, 'Core', binding);
    let self: unknown;
    this.#traceOp(dev, `probe ${driver.name}`);
    try {
      // The bus adapter's view of the callback: probe gets Core, never CoreInternal.
      self = withBinding(binding, () => (driver.probe as (d: Device, i: unknown) => unknown)(core.device, hit.info));
    } catch (e) {
      core.view.valid = false;
      this.#say(`${dev.bus} ${dev.name}: probe of ${driver.name} failed: ${describeError(e)}`);
      this.#traceOp(dev, `probe ${driver.name} failed: ${e instanceof KernelError ? errnoName(e.errno) : 'error'}`);
      this.#release(binding, 'probe failed');
      dev.binding = undefined;
      return false;
    }
    core.view.valid = false;
    const internal = this.#mint(dev, 'CoreInternal', binding);
    (internal.device as Device<never>).setDrvdata(self);
    internal.view.valid = false;
    binding.phase = 'bound';
    this.#traceOp(dev, `probe ${driver.name} ok`);
    this.#say(`${dev.bus} ${dev.name}: bound to ${driver.name}`);
    return true;
  }

  /** device_release_driver(): unbind, revoke device resources, drop the private data. */
  #unbind(dev: DeviceState): void {
    const binding = dev.binding;
    const driver = this.#driverOf(dev);
    if (binding === undefined || driver === undefined) return;
    binding.phase = 'unbinding';
    this.#traceOp(dev, `unbind ${driver.name}`);
    const internal = this.#mint(dev, 'CoreInternal', binding);
    const self = dev.drvdata;
    if (driver.unbind !== undefined) {
      const core = this.#mint(dev, 'Core', binding);
      binding.inDriverUnbind = true;
      const unwatch = watchDispose(self, () =>
        this.#violations.push({
          kind: 'release-in-unbind',
          driver: driver.name,
          device: dev.name,
          detail: "the private data's [Symbol.dispose] was called by unbind; the core disposes it after unbind and revocation",
        }),
      );
      try {
        withBinding(binding, () => (driver.unbind as (d: Device, s: unknown) => void)(core.device, self));
      } catch (e) {
        this.#say(`${dev.bus} ${dev.name}: unbind of ${driver.name} threw: ${describeError(e)}`);
      } finally {
        binding.inDriverUnbind = false;
        unwatch();
        core.view.valid = false;
      }
    }
    const data = (internal.device as Device<never>).drvdataObtain<unknown>();
    internal.view.valid = false;
    this.#release(binding, 'unbind', data);
    dev.binding = undefined;
    this.#traceOp(dev, `unbind ${driver.name} done`);
    this.#say(`${dev.bus} ${dev.name}: unbound from ${driver.name}`);
    if (typeof data === 'object' && data !== null) {
      this.#leakCandidates.push({ driver: driver.name, device: dev.name, data: new WeakRef(data) });
    }
  }

  /** Revoke device resources (last in, first out), dispose the private data, check teardown obligations. */
  #release(binding: Binding, why: 'unbind' | 'probe failed', data?: unknown): void {
    const dev = binding.device;
    withBinding(binding, () => {
      for (let r = binding.devres.pop(); r !== undefined; r = binding.devres.pop()) {
        try {
          r();
        } catch (e) {
          this.#say(`${dev.bus} ${dev.name}: releasing a device resource threw: ${describeError(e)}`);
        }
      }
      if (typeof data === 'object' && data !== null && Symbol.dispose in data) {
        try {
          (data as Disposable)[Symbol.dispose]();
        } catch (e) {
          this.#say(`${dev.bus} ${dev.name}: dispose of ${binding.driver}'s private data threw: ${describeError(e)}`);
        }
      }
    });
    for (const o of binding.obligations.values()) {
      if (!o.done) {
        const where = why === 'unbind' ? 'by the end of unbind and dispose' : 'before probe failed';
        this.#violations.push({
          kind: 'missed-teardown',
          driver: binding.driver,
          device: dev.name,
          detail: `${o.what} was not called ${where}`,
        });
      }
    }
    binding.obligations.clear();
    binding.phase = 'ended';
  }

  #dispatch(d: Deferred): void {
    const b = d.binding;
    if (b !== undefined && b.phase === 'ended') {
      this.#violations.push({
        kind: 'callback-after-unbind',
        driver: b.driver,
        device: b.device.name,
        detail: `${d.what} ran after the driver was unbound`,
      });
      return;
    }
    try {
      d.run();
    } catch (e) {
      this.#say(`BUG: ${d.what} of ${b?.driver ?? '(none)'} threw: ${describeError(e)}`);
    }
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Watch `data[Symbol.dispose]` while unbind runs, as KASAN watches memory: a
 * wrapper on the object itself, removed afterwards. Frozen or non-configurable
 * private data cannot be watched, and is left alone.
 */
function watchDispose(data: unknown, onCall: () => void): () => void {
  if (typeof data !== 'object' || data === null || !Object.isExtensible(data)) return () => {};
  const original = (data as Partial<Disposable>)[Symbol.dispose];
  if (typeof original !== 'function') return () => {};
  const own = Object.getOwnPropertyDescriptor(data, Symbol.dispose);
  if (own && !own.configurable) return () => {};
  let seen = false;
  Object.defineProperty(data, Symbol.dispose, {
    configurable: true,
    writable: true,
    value(this: Disposable): void {
      if (!seen) onCall();
      seen = true;
      original.call(this);
    },
  });
  return () => {
    if (own) Object.defineProperty(data, Symbol.dispose, own);
    // A well-known symbol, not a computed key.
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    else delete (data as { [Symbol.dispose]?: unknown })[Symbol.dispose];
  };
}
