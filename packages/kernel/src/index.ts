/**
 * `@drvlint/kernel`: the typed driver API that drvlint's rules understand.
 * Drivers and corpora are written against these names: they are added to, never renamed or dropped.
 */
export type { Normal, Bound, Core, CoreInternal, DeviceContext } from './context.js';
export { Device, type ARef } from './device.js';
export { Devres } from './devres.js';
export * as devres from './devres-actions.js';
export { KernelError, errno, type Errno } from './errors.js';
export { IdTable, type IdTableKind, type IdEntry, type RawIdEntry, type DeviceIdLike } from './id-table.js';
export { module, type KernelModule, type ModuleDef, type AnyDriver } from './module.js';
export { type RequiresTeardown, requireTeardown } from './teardown.js';

export * as pci from './pci.js';
export * as platform from './platform.js';
// A mapped MMIO window, as Rust's kernel::io::mem::IoMem: at the root, and as platform.IoMem.
export { IoMem } from './platform.js';
export * as of from './of.js';
export * as acpi from './acpi.js';
export * as auxiliary from './auxiliary.js';
export * as hrtimer from './hrtimer.js';
export * as workqueue from './workqueue.js';
export * as irq from './irq.js';
