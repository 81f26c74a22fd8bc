import type * as acpi from '../acpi.js';
import type { Core } from '../context.js';
import type * as of from '../of.js';
import type * as kernel from '../platform.js';

/**
 * @deprecated Declare the driver with `platform.driver({...})` from `@drvlint/kernel`. Migrate: `drvlint migrate --only registration`.
 *
 * A platform driver as a class whose static side implements this.
 */
export interface Driver<Data, Info> {
  readonly NAME: string;
  readonly OF_ID_TABLE?: of.IdTable<Info>;
  readonly ACPI_ID_TABLE?: acpi.IdTable<Info>;
  probe(dev: kernel.Device<Core>, info: Info | undefined): Data;
  /** @deprecated Use `unbind` for teardown and `Data[Symbol.dispose]` for release. Migrate: remove-to-unbind. */
  remove?(dev: kernel.Device<Core>, data: Data): void;
  unbind?(dev: kernel.Device<Core>, data: Data): void;
}
