/** The PCI bus, as `rust/kernel/pci.rs`. */
import type { Bound, Core, DeviceContext, Normal } from './context.js';
import { type ARef, Device as KDevice, use } from './device.js';
import { Devres } from './devres.js';
import { KernelError, errno } from './errors.js';
import { IdTable as GenericIdTable, type IdEntry, type RawIdEntry } from './id-table.js';
import type { Handler, Registration } from './irq.js';
import { requestIrqLine } from './irq-request.js';
import { Mmio } from './mmio.js';
import type { PciHardware } from './runtime.js';

/** `PCI_ANY_ID` */
export const ANY_ID = 0xffff_ffff;

export class Device<C extends DeviceContext = Normal> extends KDevice<C> {
  vendorId(): number {
    return hw(this, 'vendorId()').vendor;
  }
  deviceId(): number {
    return hw(this, 'deviceId()').device;
  }
  pciClass(): number {
    return hw(this, 'pciClass()').class;
  }
  /** Length of BAR `bar` in bytes; 0 for a BAR the device does not have. */
  resourceLen(bar: number): number {
    return hw(this, 'resourceLen()').bars[bar]?.size ?? 0;
  }

  override ref(): ARef<Device> {
    return super.ref() as Device;
  }

  /** `pci_enable_device_mem` */
  enableDeviceMem(this: Device<Core>): void {
    traced(this, 'enableDeviceMem()', 'enable mem').memEnabled = true;
  }
  /** `pci_set_master` */
  setMaster(this: Device<Core>): void {
    traced(this, 'setMaster()', 'set master').master = true;
  }
  /** `pci_disable_device` */
  disableDevice(this: Device<Core>): void {
    const h = traced(this, 'disableDevice()', 'disable');
    h.memEnabled = false;
    h.master = false;
  }

  /**
   * Request and map a whole BAR; both are undone when the device unbinds.
   * @throws {KernelError} `EINVAL` if the device has no such BAR, `EBUSY` if it is already requested.
   */
  iomapRegion(this: Device<Bound>, bar: number, name: string): Devres<Bar> {
    return mapRegion(this, bar, undefined, name);
  }
  /**
   * Like `iomapRegion`, failing with `EINVAL` unless the BAR is at least `size` bytes.
   * @throws {KernelError} `EINVAL` if the BAR is missing or smaller than `size`, `EBUSY` if it is already requested.
   */
  iomapRegionSized(this: Device<Bound>, bar: number, size: number, name: string): Devres<Bar> {
    return mapRegion(this, bar, size, name);
  }

  /**
   * Request interrupt `vector`; freed when the device unbinds.
   * @throws {KernelError} `EBUSY` if the vector is already requested.
   */
  requestIrq(this: Device<Bound>, vector: number, name: string, handler: Handler): Devres<Registration> {
    return requestIrqLine(this, vector, name, handler, 'requestIrq()');
  }

  /** The PCI device behind a generic device, as Rust's `TryFrom<&device::Device>`. */
  static fromDevice<C extends DeviceContext>(dev: KDevice<C>): Device<C> | undefined {
    return dev instanceof Device ? (dev as Device<C>) : undefined;
  }
}

function hw(d: object, member: string, need: 'Normal' | 'Bound' | 'Core' = 'Normal'): PciHardware {
  return use(d, need, member).hw as PciHardware;
}

/** A Core-only operation the device sees: checked, then recorded in the trace. */
function traced(d: object, member: string, op: string): PciHardware {
  const state = use(d, 'Core', member);
  state.core.trace(state, op);
  return state.hw as PciHardware;
}

function mapRegion(dev: Device<Bound>, bar: number, size: number | undefined, name: string): Devres<Bar> {
  const state = use(dev, 'Bound', size === undefined ? 'iomapRegion()' : 'iomapRegionSized()');
  const h = state.hw as PciHardware;
  const window = h.bars[bar];
  if (window === undefined) throw new KernelError(errno.EINVAL, `${state.name} has no BAR ${bar}`);
  if (size !== undefined && window.size < size) {
    throw new KernelError(errno.EINVAL, `BAR ${bar} of ${state.name} is ${window.size} bytes, ${size} needed`);
  }
  if (h.requested.has(bar)) throw new KernelError(errno.EBUSY, `BAR ${bar} of ${state.name} is already requested (${name})`);
  h.requested.add(bar);
  state.core.trace(state, `iomap bar ${bar}`);
  const mapping = new Bar(state, window);
  devresRelease.set(mapping, () => {
    h.requested.delete(bar);
    state.core.trace(state, `release bar ${bar}`);
  });
  return Devres.new(dev, mapping);
}

const devresRelease = new WeakMap<Bar, () => void>();

/** A mapped PCI BAR. */
export class Bar extends Mmio {
  override [Symbol.dispose](): void {
    super[Symbol.dispose]();
    devresRelease.get(this)?.();
    devresRelease.delete(this);
  }
}

/** `struct pci_device_id`. */
export class DeviceId {
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  readonly class: number;
  readonly classMask: number;

  private constructor(vendor: number, device: number, subvendor: number, subdevice: number, cls: number, classMask: number) {
    this.vendor = vendor;
    this.device = device;
    this.subvendor = subvendor;
    this.subdevice = subdevice;
    this.class = cls;
    this.classMask = classMask;
    Object.freeze(this);
  }

  static fromId(vendor: number, device: number): DeviceId {
    return new DeviceId(vendor, device, ANY_ID, ANY_ID, 0, 0);
  }
  static fromClass(cls: number, mask: number): DeviceId {
    return new DeviceId(ANY_ID, ANY_ID, ANY_ID, ANY_ID, cls, mask);
  }
  static fromClassAndVendor(cls: number, mask: number, vendor: number): DeviceId {
    return new DeviceId(vendor, ANY_ID, ANY_ID, ANY_ID, cls, mask);
  }
  /** The sentinel that ends a raw table: all fields zero. */
  static readonly ZERO: DeviceId = new DeviceId(0, 0, 0, 0, 0, 0);

  isZero(): boolean {
    return (
      this.vendor === 0 && this.device === 0 && this.subvendor === 0 && this.subdevice === 0 && this.class === 0 && this.classMask === 0
    );
  }

  /** `pci_match_one_device` */
  matches(dev: { vendor: number; device: number; subvendor: number; subdevice: number; class: number }): boolean {
    const field = (want: number, have: number): boolean => want === ANY_ID || want === have;
    return (
      field(this.vendor, dev.vendor) &&
      field(this.device, dev.device) &&
      field(this.subvendor, dev.subvendor) &&
      field(this.subdevice, dev.subdevice) &&
      ((this.class ^ dev.class) & this.classMask) === 0
    );
  }
}

export const Vendor = {
  REDHAT: 0x1b36,
  NVIDIA: 0x10de,
  INTEL: 0x8086,
  AMD: 0x1022,
  QEMU: 0x1234,
  VIRTIO: 0x1af4,
} as const;

/** Class codes, 24 bits: base class, subclass, programming interface. */
export const Class = {
  STORAGE_NVME: 0x010802,
  NETWORK_ETHERNET: 0x020000,
  DISPLAY_VGA: 0x030000,
  DISPLAY_3D: 0x030200,
  BRIDGE_HOST: 0x060000,
} as const;

export const ClassMask = {
  Class: 0xff0000,
  ClassSubclass: 0xffff00,
  ClassSubclassProgIf: 0xffffff,
} as const;

export type IdTable<Info> = GenericIdTable<'pci', DeviceId, Info>;

/** A table terminated by construction. */
export function idTable<Info>(entries: readonly IdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('pci', entries, false);
}

/** A C-style table: the last element must be `DeviceId.ZERO`, written by hand. */
export function rawIdTable<Info>(entries: readonly RawIdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('pci', entries, true);
}

export interface DriverDef<Self, Info> {
  readonly name: string;
  readonly idTable: IdTable<Info>;
  /** Bind to `pdev`; throw a `KernelError` to fail. The result is the driver's private data. */
  probe(pdev: Device<Core>, info: Info): Self;
  /** Tear the device down; release belongs in `Self[Symbol.dispose]`. */
  unbind?(pdev: Device<Core>, self: Self): void;
}

/** A frozen PCI driver descriptor, for `module({ drivers })`. */
export interface Driver<Self, Info> extends DriverDef<Self, Info> {
  readonly bus: 'pci';
}

export function driver<Self, Info>(def: DriverDef<Self, Info>): Driver<Self, Info> {
  return Object.freeze({ ...def, bus: 'pci' as const });
}
