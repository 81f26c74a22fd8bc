/** Open Firmware (device tree) match ids, as `rust/kernel/of.rs`. */
import { IdTable as GenericIdTable, type IdEntry, type RawIdEntry } from './id-table.js';

/** `struct of_device_id`, matched by `compatible`. */
export class DeviceId {
  readonly compatible: string;
  private constructor(compatible: string) {
    this.compatible = compatible;
    Object.freeze(this);
  }
  static new(compatible: string): DeviceId {
    return new DeviceId(compatible);
  }
  static readonly ZERO: DeviceId = new DeviceId('');
  isZero(): boolean {
    return this.compatible === '';
  }
}

export type IdTable<Info> = GenericIdTable<'of', DeviceId, Info>;

export function idTable<Info>(entries: readonly IdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('of', entries, false);
}
export function rawIdTable<Info>(entries: readonly RawIdEntry<DeviceId, Info>[]): IdTable<Info> {
  return new GenericIdTable('of', entries, true);
}
