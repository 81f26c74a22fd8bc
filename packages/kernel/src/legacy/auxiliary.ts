import type * as kernel from '../auxiliary.js';
import type { Core } from '../context.js';

/**
 * @deprecated Declare the driver with `auxiliary.driver({...})` from `@drvlint/kernel`. Migrate: `drvlint migrate --only registration`.
 *
 * An auxiliary driver as a class whose static side implements this.
 */
export interface Driver<Data, Info> {
  readonly NAME: string;
  readonly ID_TABLE: kernel.IdTable<Info>;
  probe(dev: kernel.Device<Core>, info: Info): Data;
  /** @deprecated Use `unbind` for teardown and `Data[Symbol.dispose]` for release. Migrate: remove-to-unbind. */
  remove?(dev: kernel.Device<Core>, data: Data): void;
  unbind?(dev: kernel.Device<Core>, data: Data): void;
}
