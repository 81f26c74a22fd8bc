// The clean drivers the mutants are made from, and how each is exercised in
// the simulated driver core. A group is what one scenario loads: its source
// files (any of which a mutant may change) and its modules, in load order.

/** Paths are relative to fixtures/drivers/src (sources) and dist (modules). */
export interface Group {
  readonly name: string;
  readonly files: readonly string[];
  readonly modules: readonly string[];
  /** Which devices the exercise adds; see runtime.ts. */
  readonly devices: 'pci-testdev' | 'platform' | 'redhat' | 'nvidia';
}

export const groups: readonly Group[] = [
  { name: 'rust_driver_pci', files: ['samples/rust-driver-pci.ts'], modules: ['samples/rust-driver-pci.js'], devices: 'pci-testdev' },
  {
    name: 'rust_driver_platform',
    files: ['samples/rust-driver-platform.ts'],
    modules: ['samples/rust-driver-platform.js'],
    devices: 'platform',
  },
  {
    name: 'rust_driver_auxiliary',
    files: ['samples/rust-driver-auxiliary.ts'],
    modules: ['samples/rust-driver-auxiliary.js'],
    devices: 'redhat',
  },
  {
    name: 'nova',
    files: ['nova-core/driver.ts', 'nova-core/gpu.ts', 'nova-core/sysmem-flush.ts', 'nova-core/regs.ts', 'nova-drm/driver.ts'],
    modules: ['nova-core/driver.js', 'nova-drm/driver.js'],
    devices: 'nvidia',
  },
];

/** Source directories a group's mutants may write into (for copying the clean build). */
export function dirsOf(group: Group): string[] {
  return [...new Set(group.files.map((f) => f.slice(0, f.lastIndexOf('/'))))];
}
