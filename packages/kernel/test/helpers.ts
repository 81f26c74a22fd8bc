// What the simulated-core tests build drivers from: a Red Hat PCI id, the kinds of
// what the core reported, and a one-driver module around a PCI driver definition.
import { module, pci } from '@drvlint/kernel';
import type { DriverCore } from '@drvlint/kernel/testing';

export const id = (device: number) => pci.DeviceId.fromId(pci.Vendor.REDHAT, device);
export const kinds = (core: DriverCore) => core.report().map((v) => v.kind);

export function pciModule(def: Parameters<typeof pci.driver<unknown, unknown>>[0]) {
  return module({ name: def.name, authors: ['t'], description: 't', license: 'GPL', drivers: [pci.driver(def)] });
}
