// The checks that make the simulated core see what drvlint's rules see
// statically: id-table problems at registration, releases
// during unbind, and auxiliary registrations that can fail.
import { describe, expect, it } from 'vitest';
import { KernelError, auxiliary, errno, pci } from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
import { id, kinds, pciModule } from './helpers.js';

describe('id tables at registration', () => {
  it('warns about a duplicate id, and the module still loads and binds', () => {
    const core = new DriverCore();
    const mod = pciModule({
      name: 'dup',
      idTable: pci.idTable([
        [id(1), 'a'],
        [id(2), 'b'],
        [id(1), 'c'],
      ]),
      probe: () => ({}),
    });
    core.load(mod);
    expect(core.report()).toEqual([
      expect.objectContaining({ kind: 'id-table', driver: 'dup', detail: expect.stringMatching(/same id at entries 0 and 2/) }),
    ]);
    expect(core.boundDriver(core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 1 }))).toBe('dup');
  });

  it('warns about ZERO before the end; the entries after it never match', () => {
    const core = new DriverCore();
    const mod = pciModule({
      name: 'early-zero',
      idTable: pci.rawIdTable([[id(1), 0], pci.DeviceId.ZERO, [id(2), 0], pci.DeviceId.ZERO]),
      probe: () => ({}),
    });
    core.load(mod);
    expect(core.report()).toEqual([
      expect.objectContaining({ kind: 'id-table', detail: expect.stringMatching(/ZERO at entry 1, before the end/) }),
    ]);
    expect(core.boundDriver(core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 2 }))).toBeUndefined();
    expect(core.boundDriver(core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 1 }))).toBe('early-zero');
  });

  it('reports a raw table without its terminator, and refuses it', () => {
    const core = new DriverCore();
    const mod = pciModule({ name: 'unterminated', idTable: pci.rawIdTable([[id(1), 0]]), probe: () => ({}) });
    expect(() => core.load(mod)).toThrow(KernelError);
    expect(kinds(core)).toEqual(['id-table']);
  });

  it('says nothing about a well-formed table, raw or not', () => {
    const core = new DriverCore();
    core.load(
      pciModule({
        name: 'fine',
        idTable: pci.idTable([
          [id(1), 0],
          [id(2), 0],
        ]),
        probe: () => ({}),
      }),
    );
    core.load(pciModule({ name: 'fine-raw', idTable: pci.rawIdTable([[id(3), 0], pci.DeviceId.ZERO]), probe: () => ({}) }));
    expect(core.report()).toEqual([]);
  });
});

describe('releases during unbind', () => {
  function run(unbind: (pdev: pci.Device, self: { bar: ReturnType<pci.Device['iomapRegion']> } & Disposable) => void) {
    const core = new DriverCore();
    const disposed: string[] = [];
    core.load(
      pciModule({
        name: 'releaser',
        idTable: pci.idTable([[id(1), 0]]),
        probe: (pdev) => ({ bar: pdev.iomapRegion(0, 'r'), [Symbol.dispose]: () => void disposed.push('dispose') }),
        unbind: unbind as never,
      }),
    );
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 1, bars: [{ size: 64 }] });
    core.unbind(dev);
    return { core, disposed };
  }

  it("reports the private data's [Symbol.dispose] called by unbind, which still runs it", () => {
    const { core, disposed } = run((_pdev, self) => self[Symbol.dispose]());
    expect(kinds(core)).toEqual(['release-in-unbind']);
    // Called by unbind, then by the core; the watch is gone after unbind.
    expect(disposed).toEqual(['dispose', 'dispose']);
  });

  it("reports a device resource's release (a BAR unmapped) by unbind", () => {
    const { core } = run((pdev, self) => self.bar.access(pdev as never)[Symbol.dispose]());
    expect(core.report()).toEqual([expect.objectContaining({ kind: 'release-in-unbind', detail: expect.stringMatching(/MMIO mapping/) })]);
  });

  it('says nothing of the core revoking and disposing after unbind, or of teardown in unbind', () => {
    const { core, disposed } = run((pdev, self) => self.bar.access(pdev as never).write32(0, 0));
    expect(core.report()).toEqual([]);
    expect(disposed).toEqual(['dispose']);
  });

  it('leaves frozen private data alone', () => {
    const core = new DriverCore();
    core.load(
      pciModule({
        name: 'frozen',
        idTable: pci.idTable([[id(1), 0]]),
        probe: () => Object.freeze({ [Symbol.dispose]: () => {} }),
        unbind: (_p, self) => (self as Disposable)[Symbol.dispose](),
      }),
    );
    core.unbind(core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 1 }));
    expect(core.report()).toEqual([]);
  });
});

describe('auxiliary registrations', () => {
  it('fail with EEXIST for a name and id already registered, as device_add does', () => {
    const core = new DriverCore();
    const errors: unknown[] = [];
    core.load(
      pciModule({
        name: 'twice',
        idTable: pci.idTable([[id(1), 0]]),
        probe(pdev) {
          const first = auxiliary.Registration.new(pdev, 'x', 0, 'twice');
          try {
            auxiliary.Registration.new(pdev, 'x', 0, 'twice');
          } catch (e) {
            errors.push(e);
          }
          return { first, second: auxiliary.Registration.new(pdev, 'x', 1, 'twice') };
        },
      }),
    );
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 1 });
    expect(errors).toEqual([expect.objectContaining({ errno: errno.EEXIST })]);
    expect(core.auxiliary.devices().map((d) => d.name)).toEqual(['twice.x.0', 'twice.x.1']);
  });
});
