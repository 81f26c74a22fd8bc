import * as kernelAuxiliary from '../auxiliary.js';
import { KernelError, errno } from '../errors.js';
import type { AnyDriver } from '../module.js';
import * as kernelPci from '../pci.js';
import * as kernelPlatform from '../platform.js';
import type * as auxiliary from './auxiliary.js';
import type * as pci from './pci.js';
import type * as platform from './platform.js';
import { type RegisteredDriver, type ThisModule, registrarOf } from './runtime.js';

type ClassDriver<D, I> = pci.Driver<D, I> | platform.Driver<D, I> | auxiliary.Driver<D, I>;

/**
 * @deprecated A registration that the driver tracks itself (DriverOps and
 * `is_registered`). Declare drivers statically with `module({ drivers })`
 * from `@drvlint/kernel`; a driver should never know whether it is
 * registered. Migrate: `drvlint migrate --only registration`.
 */
export class Registration implements Disposable {
  readonly #driver: AnyDriver;
  #handle: RegisteredDriver | undefined;

  private constructor(driver: AnyDriver) {
    this.#driver = driver;
  }

  static new<D, I>(driver: ClassDriver<D, I>): Registration {
    return new Registration(descriptorOf(driver));
  }

  get isRegistered(): boolean {
    return this.#handle?.registered() ?? false;
  }

  /**
   * Register with the driver core.
   * @throws {KernelError} `EINVAL` for a raw id table without ZERO, `EBUSY` if it is already registered.
   */
  register(module: ThisModule): void {
    if (this.isRegistered) throw new KernelError(errno.EBUSY, `driver ${this.#driver.name} is already registered`);
    const registrar = registrarOf(module);
    if (!registrar) throw new KernelError(errno.EINVAL, `${module.name} is not a module the driver core is loading`);
    this.#handle = registrar.register(this.#driver);
  }

  unregister(): void {
    this.#handle?.unregister();
  }

  /** Unregisters if still registered. */
  [Symbol.dispose](): void {
    if (this.isRegistered) this.unregister();
  }
}

/**
 * The descriptor the driver core runs for a class driver. Unbind is the
 * legacy order: the class's `unbind`, then `remove` (both with the Core
 * device), then the data's `deviceRemove()`, then `Revocable` fields made
 * outside any binding are revoked; the core then revokes device resources and
 * disposes the data, as for any driver.
 */
function descriptorOf(cls: ClassDriver<unknown, unknown>): AnyDriver {
  type Dev = kernelPci.Device<never> & kernelPlatform.Device<never> & kernelAuxiliary.Device<never>;
  const c = cls as {
    readonly NAME: string;
    readonly ID_TABLE?: { readonly kind: string };
    readonly OF_ID_TABLE?: unknown;
    readonly ACPI_ID_TABLE?: unknown;
    probe(dev: Dev, info: unknown): unknown;
    remove?(dev: Dev, data: unknown): void;
    unbind?(dev: Dev, data: unknown): void;
  };
  const probe = (dev: Dev, info: unknown): unknown => c.probe(dev, info);
  const unbind = (dev: Dev, data: unknown): void => {
    try {
      c.unbind?.(dev, data);
    } finally {
      try {
        c.remove?.(dev, data);
      } finally {
        deviceRemove(data);
      }
    }
  };
  const def = { name: c.NAME, probe, unbind } as const;
  if (c.ID_TABLE?.kind === 'pci') return kernelPci.driver({ ...def, idTable: c.ID_TABLE as kernelPci.IdTable<unknown> });
  if (c.ID_TABLE?.kind === 'auxiliary') return kernelAuxiliary.driver({ ...def, idTable: c.ID_TABLE as kernelAuxiliary.IdTable<unknown> });
  return kernelPlatform.driver({
    ...def,
    ...(c.OF_ID_TABLE ? { ofIdTable: c.OF_ID_TABLE as never } : {}),
    ...(c.ACPI_ID_TABLE ? { acpiIdTable: c.ACPI_ID_TABLE as never } : {}),
  });
}

function deviceRemove(data: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  const d = data as { deviceRemove?: unknown };
  if (typeof d.deviceRemove === 'function') (d.deviceRemove as () => void).call(data);
}
