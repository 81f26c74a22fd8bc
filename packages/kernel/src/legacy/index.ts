/**
 * `@drvlint/kernel/legacy`: the driver model before it reached today's shape.
 * Every name is deprecated and names the
 * `drvlint migrate` transform that moves a driver off it; it still runs in
 * the simulated driver core, so that a migration can be shown to keep
 * behaviour. Device classes, id tables, `Devres`, timers, work and errors are
 * the current ones: only what changed is here.
 */
import type { CoreInternal } from '../context.js';

/** @deprecated Renamed to `CoreInternal`. Migrate: `drvlint migrate --only core-internal`. */
export type Internal = CoreInternal;

/**
 * @deprecated (2023) Implement `unbind` and keep device resources in `Devres`,
 * which the driver core revokes at unbind. Migrate: `drvlint migrate --only device-removal`.
 */
export interface DeviceRemoval {
  deviceRemove(): void;
}

/** @deprecated The handle a legacy module's `init` receives. Migrate: `drvlint migrate --only registration`. */
export type { ThisModule } from './runtime.js';
export { Revocable } from './revocable.js';
export { Registration } from './registration.js';
export { module, type LegacyModuleDef } from './module.js';
/** @deprecated Class drivers: declare with `pci.driver({...})`. Migrate: `drvlint migrate --only registration`. */
export * as pci from './pci.js';
/** @deprecated Class drivers: declare with `platform.driver({...})`. Migrate: `drvlint migrate --only registration`. */
export * as platform from './platform.js';
/** @deprecated Class drivers: declare with `auxiliary.driver({...})`. Migrate: `drvlint migrate --only registration`. */
export * as auxiliary from './auxiliary.js';
