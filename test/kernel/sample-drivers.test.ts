// The sample drivers in fixtures/drivers, run through the simulated driver
// core: clean drivers report nothing, each faulty one exactly its fault.
import { describe, expect, it } from 'vitest';
import { KernelError, errno } from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
import { cleanScenarios, faultyScenarios } from '../../fixtures/drivers/src/scenarios.js';
import missingTerminator from '../../fixtures/drivers/src/faulty/missing-terminator.js';

describe('clean sample drivers', () => {
  for (const s of cleanScenarios) {
    it(`${s.name} binds, runs and unbinds with no violation`, async () => {
      const core = new DriverCore();
      s.run(core);
      expect(await core.checkLeaks()).toEqual([]);
      expect(core.log.filter((l) => /failed|threw|BUG/.test(l))).toEqual([]);
      expect(core.log.some((l) => l.includes(': bound to '))).toBe(true);
      expect(core.log.filter((l) => l.includes(': bound to ')).length).toBe(core.log.filter((l) => l.includes(': unbound from ')).length);
    });
  }

  it('rust_driver_pci reads the pci-testdev count back through its BAR', () => {
    const core = new DriverCore();
    cleanScenarios.find((s) => s.name === 'rust_driver_pci')?.run(core);
    expect(core.log).toContain('pci 0000:00:01.0: pci-testdev data-match count: 1');
  });

  it('rust_driver_platform binds through OF with info 42 and through ACPI with info 0', () => {
    const core = new DriverCore();
    cleanScenarios.find((s) => s.name === 'rust_driver_platform')?.run(core);
    expect(core.log).toContain("platform rust-device.0: Probed with info: '42'.");
    expect(core.log).toContain("platform LNUXBEEF:00: Probed with info: '0'.");
  });

  it('rust_driver_auxiliary binds both auxiliary devices and connects them to the PCI parent', () => {
    const core = new DriverCore();
    cleanScenarios.find((s) => s.name === 'rust_driver_auxiliary')?.run(core);
    const connects = core.log.filter((l) => l.includes('Connect auxiliary'));
    expect(connects).toEqual([
      'auxiliary rust_driver_auxiliary.auxiliary.0: Connect auxiliary 0 with parent: VendorID=6966, DeviceID=0x5',
      'auxiliary rust_driver_auxiliary.auxiliary.1: Connect auxiliary 1 with parent: VendorID=6966, DeviceID=0x5',
    ]);
  });

  it('nova-core tears its GPU down in unbind, which unbinds nova-drm through the auxiliary registration', () => {
    const core = new DriverCore();
    cleanScenarios.find((s) => s.name === 'nova_core + nova_drm')?.run(core);
    const order = core.log.filter((l) => /bound (to|from)/.test(l));
    expect(order).toEqual([
      'auxiliary nova_core.nova-drm.0: bound to Nova',
      'pci 0000:00:01.0: bound to NovaCore',
      'auxiliary nova_core.nova-drm.0: unbound from Nova',
      'pci 0000:00:01.0: unbound from NovaCore',
    ]);
  });
});

describe('faulty drivers', () => {
  for (const s of faultyScenarios) {
    it(`${s.name} (${s.file}) reports exactly [${s.expected.join(', ')}]`, async () => {
      const core = new DriverCore();
      s.run(core);
      const seen = await core.checkLeaks();
      expect(seen.map((v) => v.kind)).toEqual(s.expected);
      for (const v of seen) {
        expect(v.driver).toMatch(/^faulty_/);
        expect(v.device).toBe('0000:00:01.0');
        expect(v.detail.length).toBeGreaterThan(10);
      }
    });
  }

  it('every runtime detection has a faulty driver', () => {
    const covered = new Set(faultyScenarios.flatMap((s) => s.expected));
    expect([...covered].sort()).toEqual([
      'callback-after-unbind',
      'context',
      'devres-foreign',
      'leak',
      'missed-teardown',
      'stale-view',
      'use-after-revoke',
    ]);
  });

  it('a raw id table without its terminator fails load with EINVAL', () => {
    const core = new DriverCore();
    expect(() => core.load(missingTerminator)).toThrow(KernelError);
    try {
      core.load(missingTerminator);
    } catch (e) {
      expect((e as KernelError).errno).toBe(errno.EINVAL);
      expect((e as Error).message).toMatch(/faulty_raw_table: raw id table has no ZERO terminator/);
    }
  });
});
