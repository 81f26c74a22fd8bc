/** The auxiliary bus, as `rust/kernel/auxiliary.rs`. */
import type { Bound, Core, DeviceContext, Normal } from './context.js';
import { type ARef, Device as KDevice, use } from './device.js';
import { Devres } from './devres.js';
import { IdTable as GenericIdTable, type IdEntry, type RawIdEntry } from './id-table.js';
import { type AuxiliaryHardware, noteRelease } from './runtime.js';

export class Device<C extends DeviceContext = Normal> extends KDevice<C> {
  id(): number {
    return (use(this, 'Normal', 'id()').hw as AuxiliaryHardware).id;
  }

  override ref(): ARef<Device> {
    return super.ref() as Device;
  }

  static fromDevice<C extends DeviceContext>(dev: KDevice<C>): Device<C> | undefined {
    return dev instanceof Device ? (dev as Device<C>) : undefined;
  }
}

/** `struct auxiliary_device_id`: matches devices named `modname.name.<id>`. */
export class DeviceId {
  readonly name: string;
  private constructor(name: string) {
    this.name = name;
    Object.freeze(this);
  }
  static new(modname: string, name: string): DeviceId {
    return new DeviceId(`${modname}.${name}`);
  }
  static readonly ZERO: DeviceId = new DeviceId('');
  isZero(): boolean {
    return this.name === '';
  }
}

export type IdTable<Info> = GenericIdTable<'auxiliary', DeviceId, Info>;

export function idTable<Info>(entries: readonly IdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('auxiliary', entries, false);
}
export function rawIdTable<Info>(entries: readonly RawIdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('auxiliary', entries, true);
}

/** An auxiliary device registered under a parent; unregistered when the parent unbinds. */
export class Registration implements Disposable {
  readonly #remove: () => void;
  #done = false;

  private constructor(remove: () => void) {
    this.#remove = remove;
  }

  /**
   * Add auxiliary device `modname.name.id` under `parent` (`auxiliary_device_add`).
   * @throws {KernelError} `EEXIST` if a device of that name and id is already registered.
   */
  static new(parent: KDevice<Bound>, name: string, id: number, modname: string): Devres<Registration> {
    const p = use(parent, 'Bound', 'auxiliary.Registration.new()');
    const child = p.core.addAuxiliaryDevice(p, modname, name, id);
    return Devres.new(parent, new Registration(() => p.core.removeDevice(child)));
  }

  [Symbol.dispose](): void {
    if (this.#done) return;
    noteRelease('an auxiliary device registration was');
    this.#done = true;
    this.#remove();
  }
}

export interface DriverDef<Self, Info> {
  readonly name: string;
  readonly idTable: IdTable<Info>;
  probe(adev: Device<Core>, info: Info): Self;
  unbind?(adev: Device<Core>, self: Self): void;
}

export interface Driver<Self, Info> extends DriverDef<Self, Info> {
  readonly bus: 'auxiliary';
}

export function driver<Self, Info>(def: DriverDef<Self, Info>): Driver<Self, Info> {
  return Object.freeze({ ...def, bus: 'auxiliary' as const });
}
