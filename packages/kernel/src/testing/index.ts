/** `@drvlint/kernel/testing`: the simulated driver core. */
export { DriverCore, type DriverCoreOptions } from './driver-core.js';
export type { PciDeviceSpec, PlatformDeviceSpec } from './buses.js';
export type { Violation, ViolationKind, BarModel, RegisterModel } from '../runtime.js';
export { pciTestdev } from './pci-testdev.js';
