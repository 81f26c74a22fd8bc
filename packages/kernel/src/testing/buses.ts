/** How each simulated bus names its devices and matches drivers to them, as the C buses do. */
import type { AnyDriver } from '../module.js';
import type { IdTable, IdTableKind, DeviceIdLike } from '../id-table.js';
import type * as pci from '../pci.js';
import type * as of from '../of.js';
import type * as acpi from '../acpi.js';
import type * as auxiliary from '../auxiliary.js';
import type { BarModel, DeviceState } from '../runtime.js';

export interface PciDeviceSpec {
  readonly vendor: number;
  readonly device: number;
  readonly subvendor?: number;
  readonly subdevice?: number;
  /** 24-bit class code */
  readonly class?: number;
  readonly bars?: readonly BarModel[];
  /** Defaults to the next free `0000:00:NN.0`. */
  readonly name?: string;
}

export interface PlatformDeviceSpec {
  readonly name: string;
  /** Device-tree `compatible` strings, most specific first. */
  readonly compatible?: readonly string[];
  /** ACPI hardware id. */
  readonly hid?: string;
  readonly resources?: readonly BarModel[];
  /** Linux IRQ numbers of the device's interrupt resources. */
  readonly irqs?: readonly number[];
}

export type AnyTable = IdTable<IdTableKind, DeviceIdLike, unknown>;

/** The raw tables a driver carries, for the terminator check at registration. */
export function tablesOf(d: AnyDriver): AnyTable[] {
  const tables: (AnyTable | undefined)[] = d.bus === 'platform' ? [d.ofIdTable, d.acpiIdTable] : [d.idTable];
  return tables.filter((t) => t !== undefined);
}

function first<Id extends DeviceIdLike>(
  table: IdTable<IdTableKind, Id, unknown> | undefined,
  hit: (id: Id) => boolean,
): { info: unknown } | undefined {
  for (const [id, info] of table?.scan() ?? []) if (hit(id)) return { info };
  return undefined;
}

/** The id info for `driver` on `dev`, or undefined when it does not match. */
export function match(driver: AnyDriver, dev: DeviceState): { info: unknown } | undefined {
  const hw = dev.hw;
  switch (driver.bus) {
    case 'pci':
      if (hw.kind !== 'pci') return undefined;
      return first(driver.idTable as IdTable<'pci', pci.DeviceId, unknown>, (id) => id.matches(hw));
    case 'platform': {
      if (hw.kind !== 'platform') return undefined;
      // platform_match(): OF first, then ACPI, then the driver's name.
      const ofHit = first(driver.ofIdTable as IdTable<'of', of.DeviceId, unknown> | undefined, (id) =>
        hw.compatible.includes(id.compatible),
      );
      if (ofHit) return ofHit;
      const acpiHit =
        hw.hid === undefined
          ? undefined
          : first(driver.acpiIdTable as IdTable<'acpi', acpi.DeviceId, unknown> | undefined, (id) => id.hid === hw.hid);
      if (acpiHit) return acpiHit;
      return dev.name === driver.name ? { info: undefined } : undefined;
    }
    case 'auxiliary':
      if (hw.kind !== 'auxiliary') return undefined;
      return first(driver.idTable as IdTable<'auxiliary', auxiliary.DeviceId, unknown>, (id) => id.name === `${hw.modname}.${hw.name}`);
  }
}
