/** ACPI match ids, as `rust/kernel/acpi.rs`. */
import { IdTable as GenericIdTable, type IdEntry, type RawIdEntry } from './id-table.js';

/** `struct acpi_device_id`, matched by hardware id. */
export class DeviceId {
  readonly hid: string;
  private constructor(hid: string) {
    this.hid = hid;
    Object.freeze(this);
  }
  static new(hid: string): DeviceId {
    return new DeviceId(hid);
  }
  static readonly ZERO: DeviceId = new DeviceId('');
  isZero(): boolean {
    return this.hid === '';
  }
}

export type IdTable<Info> = GenericIdTable<'acpi', DeviceId, Info>;

export function idTable<Info>(entries: readonly IdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('acpi', entries, false);
}
export function rawIdTable<Info>(entries: readonly RawIdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('acpi', entries, true);
}
