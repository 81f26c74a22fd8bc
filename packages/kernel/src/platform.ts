/** The platform bus, as `rust/kernel/platform.rs`, with OF and ACPI matching. */
import type * as acpi from './acpi.js';
import type { Bound, Core, DeviceContext, Normal } from './context.js';
import { type ARef, Device as KDevice, use } from './device.js';
import { Devres } from './devres.js';
import { KernelError, errno } from './errors.js';
import type { Handler, Registration } from './irq.js';
import { requestIrqLine } from './irq-request.js';
import { Mmio } from './mmio.js';
import type * as of from './of.js';
import type { DeviceState, PlatformHardware } from './runtime.js';

export class Device<C extends DeviceContext = Normal> extends KDevice<C> {
  /** The memory resource at `i`, if the device has one. */
  ioRequestByIndex(this: Device<Bound>, i: number): IoRequest | undefined {
    const state = use(this, 'Bound', 'ioRequestByIndex()');
    const window = (state.hw as PlatformHardware).resources[i];
    return window === undefined ? undefined : new IoRequest(this, state, i);
  }

  /**
   * The Linux IRQ number of interrupt resource `i`.
   * @throws {KernelError} `EINVAL` if there is none.
   */
  irqByIndex(this: Device<Bound>, i: number): number {
    const state = use(this, 'Bound', 'irqByIndex()');
    const irq = (state.hw as PlatformHardware).irqNumbers[i];
    if (irq === undefined) throw new KernelError(errno.EINVAL, `${state.name} has no IRQ ${i}`);
    return irq;
  }

  /**
   * Request interrupt resource `i`; freed when the device unbinds.
   * @throws {KernelError} `EINVAL` if there is no such resource, `EBUSY` if it is already requested.
   */
  requestIrqByIndex(this: Device<Bound>, i: number, name: string, handler: Handler): Devres<Registration> {
    return requestIrqLine(this, this.irqByIndex(i), name, handler, 'requestIrqByIndex()');
  }

  override ref(): ARef<Device> {
    return super.ref() as Device;
  }

  static fromDevice<C extends DeviceContext>(dev: KDevice<C>): Device<C> | undefined {
    return dev instanceof Device ? (dev as Device<C>) : undefined;
  }
}

/** A memory resource of a platform device, not yet mapped. */
export class IoRequest {
  readonly #dev: Device<Bound>;
  readonly #state: DeviceState;
  readonly #index: number;

  /** @internal */
  constructor(dev: Device<Bound>, state: DeviceState, index: number) {
    this.#dev = dev;
    this.#state = state;
    this.#index = index;
  }

  /**
   * Map the resource; unmapped when the device unbinds.
   * @throws {KernelError} `EINVAL` if the resource is gone.
   */
  iomap(): Devres<IoMem> {
    use(this.#dev, 'Bound', 'IoRequest.iomap()');
    const window = (this.#state.hw as PlatformHardware).resources[this.#index];
    if (window === undefined) throw new KernelError(errno.EINVAL, 'no such resource');
    const state = this.#state;
    const i = this.#index;
    state.core.trace(state, `iomap resource ${i}`);
    return Devres.new(this.#dev, new IoMem(state, window, () => state.core.trace(state, `release resource ${i}`)));
  }
}

/** Mapped platform device memory. */
export class IoMem extends Mmio {}

export interface DriverDef<Self, Info> {
  readonly name: string;
  readonly ofIdTable?: of.IdTable<Info>;
  readonly acpiIdTable?: acpi.IdTable<Info>;
  probe(pdev: Device<Core>, info: Info | undefined): Self;
  unbind?(pdev: Device<Core>, self: Self): void;
}

export interface Driver<Self, Info> extends DriverDef<Self, Info> {
  readonly bus: 'platform';
}

export function driver<Self, Info>(def: DriverDef<Self, Info>): Driver<Self, Info> {
  return Object.freeze({ ...def, bus: 'platform' as const });
}
