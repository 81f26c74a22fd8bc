import type { Core } from '../context.js';
import type * as kernel from '../pci.js';

/**
 * @deprecated Declare the driver with `pci.driver({...})` from `@drvlint/kernel`. Migrate: `drvlint migrate --only registration`.
 *
 * A PCI driver as a class whose static side implements this ("impl pci::Driver for X").
 */
export interface Driver<Data, Info> {
  readonly NAME: string;
  readonly ID_TABLE: kernel.IdTable<Info>;
  probe(dev: kernel.Device<Core>, info: Info): Data;
  /** C's remove(): teardown and release mixed. @deprecated Use `unbind` for teardown and `Data[Symbol.dispose]` for release. Migrate: remove-to-unbind. */
  remove?(dev: kernel.Device<Core>, data: Data): void;
  /** Teardown only (added late, as in Rust). */
  unbind?(dev: kernel.Device<Core>, data: Data): void;
}
