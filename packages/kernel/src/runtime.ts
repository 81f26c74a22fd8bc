/**
 * The state behind the API: devices, bindings and the hooks into the
 * simulated driver core. Not exported from the package root; the testing
 * core and the API classes share it.
 */
import type { ContextName } from './context.js';
import { KernelError, errno } from './errors.js';

export type BusName = 'pci' | 'platform' | 'auxiliary';

/** What the simulated driver core reports; see `@drvlint/kernel/testing`. */
export type ViolationKind =
  /** a Core or Bound device view used after the callback it was handed to returned */
  | 'stale-view'
  /** a member used on a view whose context is too wide (e.g. a Core-only call on an ARef) */
  | 'context'
  /** a timer, work item or IRQ callback that ran (or would have) after its driver was unbound */
  | 'callback-after-unbind'
  /** a RequiresTeardown value created during a binding whose teardown method never ran */
  | 'missed-teardown'
  /** driver private data still reachable after unbind and a forced GC (kmemleak) */
  | 'leak'
  /** Devres.access with a device that does not own the resource */
  | 'devres-foreign'
  /** a device resource used after it was revoked at unbind */
  | 'use-after-revoke'
  /**
   * an id table the kernel would warn about at registration: a raw table
   * without its `ZERO` terminator (registration is refused), a `ZERO` before
   * the end (the entries after it never match), or a duplicate id
   */
  | 'id-table'
  /**
   * a release during unbind: the private data's `[Symbol.dispose]`, or a
   * device resource's, run by the driver before unbind returns (release
   * belongs after unbind, when the core revokes and disposes)
   */
  | 'release-in-unbind';

export interface Violation {
  readonly kind: ViolationKind;
  readonly driver: string;
  readonly device: string;
  readonly detail: string;
}

/** The services a driver core gives the API objects. */
export interface CoreHooks {
  report(v: Violation): void;
  log(line: string): void;
  /** Record a device-visible operation in the lifecycle trace (`core.trace`). */
  trace(dev: DeviceState, op: string): void;
  /** Schedule a timer callback; returns a cancel function that says whether it was still pending. */
  schedule(binding: Binding | undefined, delayNs: number, fire: () => void): () => boolean;
  enqueueWork(binding: Binding | undefined, work: () => void): () => boolean;
  /** Create a view object of the right bus class for a device. */
  view(dev: DeviceState, ctx: ContextName, binding: Binding | undefined): object;
  addAuxiliaryDevice(parent: DeviceState, modname: string, name: string, id: number): DeviceState;
  removeDevice(dev: DeviceState): void;
}

export interface PciHardware {
  readonly kind: 'pci';
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  readonly class: number;
  readonly bars: readonly BarModel[];
  memEnabled: boolean;
  master: boolean;
  readonly requested: Set<number>;
  readonly irqs: Map<number, IrqLine>;
}

export interface PlatformHardware {
  readonly kind: 'platform';
  readonly compatible: readonly string[];
  readonly hid: string | undefined;
  readonly resources: readonly BarModel[];
  readonly irqNumbers: readonly number[];
  readonly irqs: Map<number, IrqLine>;
}

export interface AuxiliaryHardware {
  readonly kind: 'auxiliary';
  readonly modname: string;
  readonly name: string;
  readonly id: number;
}

/** A register window; `model` lets a test emulate a device (e.g. QEMU's pci-testdev). */
export interface BarModel {
  readonly size: number;
  readonly model?: RegisterModel;
}

export interface RegisterModel {
  read(offset: number, width: 1 | 2 | 4): number;
  write(offset: number, width: 1 | 2 | 4, value: number): void;
}

export interface IrqLine {
  readonly name: string;
  readonly binding: Binding;
  readonly handler: { handle(dev: never): number };
}

export interface DeviceState {
  readonly core: CoreHooks;
  readonly bus: BusName;
  readonly name: string;
  readonly parent: DeviceState | undefined;
  readonly hw: PciHardware | PlatformHardware | AuxiliaryHardware;
  binding: Binding | undefined;
  drvdata: unknown;
  removed: boolean;
}

export interface Obligation {
  readonly what: string;
  readonly method: string;
  done: boolean;
}

/** One driver bound to one device: from probe to the end of unbind. */
export interface Binding {
  readonly driver: string;
  readonly device: DeviceState;
  phase: 'probing' | 'bound' | 'unbinding' | 'ended';
  /** While the driver's own unbind runs (not the core's revocation and dispose that follow it). */
  inDriverUnbind?: boolean;
  /** Release actions for device resources, run last-in first-out at revocation. */
  readonly devres: (() => void)[];
  readonly obligations: Map<object, Obligation>;
}

let current: Binding | undefined;

/** The binding whose callback is running now (probe, unbind, dispose, timer, work, IRQ). */
export function currentBinding(): Binding | undefined {
  return current;
}

/** Run `f` as part of `binding`'s callbacks; nests, as probes of child devices do. */
export function withBinding<R>(binding: Binding | undefined, f: () => R): R {
  const saved = current;
  current = binding;
  try {
    return f();
  } finally {
    current = saved;
  }
}

/** Obligations by value, so a teardown method needs no pointer to its binding. */
const obligationOf = new WeakMap<object, Obligation>();

/** Record that `value[method]()` must run before `binding` ends. */
export function track(value: object, method: string, what: string, binding = current): void {
  if (binding === undefined) return;
  const o: Obligation = { what, method, done: false };
  binding.obligations.set(value, o);
  obligationOf.set(value, o);
}

export function discharge(value: object): void {
  const o = obligationOf.get(value);
  if (o) o.done = true;
}

/**
 * A device resource is being released (unmapped, freed, unregistered): if the
 * driver's unbind is doing it, that is a release in unbind.
 */
export function noteRelease(what: string): void {
  const b = current;
  if (!b?.inDriverUnbind) return;
  b.device.core.report({
    kind: 'release-in-unbind',
    driver: b.driver,
    device: b.device.name,
    detail: `${what} released by unbind; leave it to the core, which revokes device resources after unbind`,
  });
}

export function requireBinding(api: string): Binding {
  if (current === undefined) {
    throw new KernelError(errno.EINVAL, `${api} is only available inside a driver callback`);
  }
  return current;
}
