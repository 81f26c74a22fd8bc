import { describe, expect, it } from 'vitest';
import {
  type Bound,
  type Core,
  Devres,
  KernelError,
  auxiliary,
  errno,
  hrtimer,
  irq,
  module,
  of,
  acpi,
  pci,
  platform,
  workqueue,
} from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
import { id, kinds, pciModule } from './helpers.js';

describe('lifecycle order', () => {
  it('runs probe, unbind, devres revocation, then dispose', () => {
    const events: string[] = [];
    const mod = pciModule({
      name: 'order',
      idTable: pci.idTable([[id(1), 'info']]),
      probe(pdev, info) {
        events.push(`probe ${String(info)}`);
        devresLog(pdev, events);
        return { [Symbol.dispose]: () => events.push('dispose') };
      },
      unbind() {
        events.push('unbind');
      },
    });
    const core = new DriverCore();
    core.load(mod);
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 1 });
    expect(core.boundDriver(dev)).toBe('order');
    core.unbind(dev);
    expect(events).toEqual(['probe info', 'unbind', 'revoke', 'dispose']);
    expect(core.boundDriver(dev)).toBeUndefined();
    expect(core.report()).toEqual([]);
  });

  it('unwinds a failed probe: devres released, no private data kept, device stays unbound', () => {
    const events: string[] = [];
    const mod = pciModule({
      name: 'fails',
      idTable: pci.idTable([[id(2), 0]]),
      probe(pdev) {
        devresLog(pdev, events);
        throw new KernelError(errno.ENODEV);
      },
      unbind() {
        events.push('unbind');
      },
    });
    const core = new DriverCore();
    core.load(mod);
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 2 });
    expect(events).toEqual(['revoke']);
    expect(core.boundDriver(dev)).toBeUndefined();
    expect(core.log.some((l) => l.includes('probe of fails failed: ENODEV'))).toBe(true);
    core.unload(mod);
    expect(events).toEqual(['revoke']);
  });

  it('probes devices added before and after the driver is loaded, and unload unbinds them', () => {
    const probed: string[] = [];
    const mod = pciModule({ name: 'both', idTable: pci.idTable([[id(3), 0]]), probe: (pdev) => probed.push(pdev.name) });
    const core = new DriverCore();
    const before = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 3 });
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 4 });
    core.load(mod);
    const after = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 3 });
    expect(probed).toEqual([before.name, after.name]);
    core.unload(mod);
    expect(core.boundDriver(before)).toBeUndefined();
    expect(() => core.unload(mod)).toThrow(/not loaded/);
  });
});

function devresLog(pdev: pci.Device<Bound>, events: string[]): void {
  Devres.new(pdev, { [Symbol.dispose]: () => events.push('revoke') });
}

describe('id tables', () => {
  it('matches a raw table only up to its first ZERO, as C does', () => {
    const probed: number[] = [];
    const table = pci.rawIdTable([[id(5), 5], pci.DeviceId.ZERO, [id(6), 6]]);
    const core = new DriverCore();
    core.load(pciModule({ name: 'raw', idTable: table, probe: (_p, info) => probed.push(info as number) }));
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 5 });
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 6 });
    expect(probed).toEqual([5]);
  });

  it('fails load with EINVAL for a raw table with no terminator, registering nothing', () => {
    const core = new DriverCore();
    const mod = pciModule({ name: 'unterminated', idTable: pci.rawIdTable([[id(7), 0]]), probe: () => ({}) });
    const err = (() => {
      try {
        core.load(mod);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(KernelError);
    expect((err as KernelError).errno).toBe(errno.EINVAL);
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 7 });
    expect(core.boundDriver(dev)).toBeUndefined();
  });

  it('treats any all-zero id as the terminator, not only the ZERO constant', () => {
    const table = pci.rawIdTable([[id(8), 0], pci.DeviceId.fromClassAndVendor(0, 0, 0)]);
    expect(table.scan()).toBeUndefined(); // vendor 0 with ANY device is not all-zero
    expect(pci.rawIdTable([[id(8), 0], pci.DeviceId.ZERO]).scan()).toHaveLength(1);
  });

  it('matches PCI class and vendor with masks, as pci_match_one_device', () => {
    const vga = pci.DeviceId.fromClassAndVendor(pci.Class.DISPLAY_VGA, pci.ClassMask.ClassSubclass, pci.Vendor.NVIDIA);
    const dev = { vendor: pci.Vendor.NVIDIA, device: 0x2684, subvendor: 0, subdevice: 0, class: 0x030001 };
    expect(vga.matches(dev)).toBe(true);
    expect(vga.matches({ ...dev, class: 0x030200 })).toBe(false);
    expect(vga.matches({ ...dev, vendor: pci.Vendor.INTEL })).toBe(false);
  });

  it('matches platform devices by OF, then ACPI, then driver name', () => {
    const seen: unknown[] = [];
    const drv = platform.driver({
      name: 'plat',
      ofIdTable: of.idTable([[of.DeviceId.new('vendor,chip'), 'of']]),
      acpiIdTable: acpi.idTable([[acpi.DeviceId.new('ABCD0001'), 'acpi']]),
      probe: (_p, info) => seen.push(info),
    });
    const core = new DriverCore();
    core.load(module({ name: 'plat', authors: [], description: '', license: 'GPL', drivers: [drv] }));
    core.platform.addDevice({ name: 'a', compatible: ['vendor,chip-v2', 'vendor,chip'] });
    core.platform.addDevice({ name: 'b', hid: 'ABCD0001' });
    core.platform.addDevice({ name: 'plat' });
    core.platform.addDevice({ name: 'c', compatible: ['other'] });
    expect(seen).toEqual(['of', 'acpi', undefined]);
  });
});

describe('device views', () => {
  it('invalidates the probe view when probe returns and reports later use', () => {
    let kept: pci.Device<Core> | undefined;
    const core = new DriverCore();
    core.load(pciModule({ name: 'keeps', idTable: pci.idTable([[id(9), 0]]), probe: (pdev) => void (kept = pdev) }));
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 9 });
    expect(() => kept?.setMaster()).toThrow(/after its callback returned/);
    expect(core.report()).toMatchObject([{ kind: 'stale-view', driver: 'keeps', device: '0000:00:01.0' }]);
  });

  it('keeps an ARef usable after the callback, but not for Core operations', () => {
    let aref: pci.Device | undefined;
    const core = new DriverCore();
    core.load(pciModule({ name: 'aref', idTable: pci.idTable([[id(10), 0]]), probe: (pdev) => void (aref = pdev.ref()) }));
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 10 });
    expect(aref?.deviceId()).toBe(10);
    expect(() => (aref as unknown as pci.Device<Core>).disableDevice()).toThrow(/needs a Core device/);
    expect(kinds(core)).toEqual(['context']);
  });

  it('gives bus code a CoreInternal view for drvdata, and drivers a Bound drvdata()', () => {
    let fromIrq: unknown;
    const self = { tag: 'self' };
    const core = new DriverCore();
    core.load(
      pciModule({
        name: 'drvdata',
        idTable: pci.idTable([[id(11), 0]]),
        probe(pdev) {
          pdev.requestIrq(3, 'drvdata', { handle: (dev) => ((fromIrq = dev.drvdata()), irq.Return.Handled) });
          return self;
        },
      }),
    );
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 11 });
    expect(core.raiseIrq(dev, 3)).toBe(irq.Return.Handled);
    expect(fromIrq).toBe(self);
    expect(core.raiseIrq(dev, 4)).toBeUndefined();
    core.unbind(dev);
    // The line was freed with the device's resources: no handler runs now.
    expect(core.raiseIrq(dev, 3)).toBeUndefined();
    expect(core.report()).toEqual([]);
  });
});

describe('timers, work and teardown', () => {
  it('fires hrtimers on the virtual clock and re-arms on Restart', () => {
    const fired: number[] = [];
    const core = new DriverCore();
    let handle: hrtimer.Handle | undefined;
    core.load(
      pciModule({
        name: 'tick',
        idTable: pci.idTable([[id(12), 0]]),
        probe() {
          handle = hrtimer.create(() => (fired.push(core.now), hrtimer.Restart.Restart)).start(10);
          return {};
        },
        unbind: () => void handle?.cancel(),
      }),
    );
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 12 });
    core.advance(35);
    expect(fired).toEqual([10, 20, 30]);
    core.unbind(dev);
    core.advance(100);
    expect(fired).toEqual([10, 20, 30]);
    expect(core.report()).toEqual([]);
  });

  it('runs work on demand and accepts a handle cancelled in dispose', () => {
    let ran = 0;
    const core = new DriverCore();
    core.load(
      pciModule({
        name: 'work',
        idTable: pci.idTable([[id(13), 0]]),
        probe() {
          const w = workqueue.system.enqueue(() => void ran++);
          return { [Symbol.dispose]: () => void w.cancelSync() };
        },
      }),
    );
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 13 });
    expect(core.runWork()).toBe(1);
    core.unbind(dev);
    expect(ran).toBe(1);
    expect(core.report()).toEqual([]);
  });

  it('reports work that is still queued when its driver unbinds, and refuses to run it', () => {
    let ran = 0;
    const core = new DriverCore();
    core.load(
      pciModule({ name: 'late', idTable: pci.idTable([[id(14), 0]]), probe: () => void workqueue.system.enqueue(() => void ran++) }),
    );
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 14 });
    core.unbind(dev);
    core.runWork();
    expect(ran).toBe(0);
    expect(kinds(core)).toEqual(['missed-teardown', 'callback-after-unbind']);
  });

  it('refuses hrtimers and work outside a driver callback', () => {
    expect(() => hrtimer.create(() => hrtimer.Restart.NoRestart)).toThrow(/only available inside a driver callback/);
    expect(() => workqueue.system.enqueue(() => {})).toThrow(/only available inside a driver callback/);
  });
});

describe('device resources', () => {
  it('rejects Devres.access with a device that is not the owner', () => {
    let first: Devres<number> | undefined;
    const core = new DriverCore();
    core.load(
      pciModule({
        name: 'owner',
        idTable: pci.idTable([[id(15), 0]]),
        probe(pdev) {
          const mine = Devres.new(pdev, 42);
          expect(mine.access(pdev)).toBe(42);
          if (first === undefined) first = mine;
          else first.access(pdev);
          return {};
        },
      }),
    );
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 15 });
    const second = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 15 });
    expect(core.boundDriver(second)).toBeUndefined();
    expect(core.report()).toMatchObject([{ kind: 'devres-foreign', device: '0000:00:01.0' }]);
    expect(first?.tryAccess()).toBe(42);
  });

  it('revokes on unbind: tryAccess turns undefined and the BAR region is released', () => {
    let bar: Devres<pci.Bar> | undefined;
    const core = new DriverCore();
    const mod = pciModule({
      name: 'bar',
      idTable: pci.idTable([[id(16), 0]]),
      probe: (pdev) => void (bar = pdev.iomapRegionSized(0, 16, 'bar')),
    });
    core.load(mod);
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 16, bars: [{ size: 64 }] });
    bar?.tryAccess()?.write32(0xdead_beef, 8);
    expect(bar?.tryAccess()?.read32(8)).toBe(0xdead_beef);
    expect(() => bar?.tryAccess()?.read32(64)).toThrow(/outside a 64-byte window/);
    core.unbind(dev);
    expect(bar?.tryAccess()).toBeUndefined();
    expect(bar?.tryAccessWith((b) => b.size)).toBeUndefined();
    core.bind(dev); // the region can be requested again
    expect(core.boundDriver(dev)).toBe('bar');
  });

  it('fails iomapRegionSized on a BAR that is too small', () => {
    const core = new DriverCore();
    core.load(pciModule({ name: 'small', idTable: pci.idTable([[id(17), 0]]), probe: (pdev) => pdev.iomapRegionSized(0, 128, 'x') }));
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 17, bars: [{ size: 64 }] });
    expect(core.boundDriver(dev)).toBeUndefined();
    expect(core.log.join('\n')).toMatch(/EINVAL: BAR 0 of .* is 64 bytes, 128 needed/);
  });
});

describe('auxiliary bus', () => {
  it('removes the children a parent registered when the parent unbinds', () => {
    const aux = auxiliary.driver({
      name: 'child',
      idTable: auxiliary.idTable([[auxiliary.DeviceId.new('m', 'a'), 0]]),
      probe: (adev) => adev.id(),
    });
    const parent = pci.driver({
      name: 'parent',
      idTable: pci.idTable([[id(18), 0]]),
      probe: (pdev) => auxiliary.Registration.new(pdev, 'a', 7, 'm'),
    });
    const core = new DriverCore();
    core.load(module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [parent, aux] }));
    const dev = core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 18 });
    expect(core.auxiliary.devices().map((d) => d.name)).toEqual(['m.a.7']);
    expect(core.auxiliary.devices()[0] && core.boundDriver(core.auxiliary.devices()[0]!)).toBe('child');
    core.unbind(dev);
    expect(core.auxiliary.devices()).toEqual([]);
  });
});

describe('leak check', () => {
  it('finds private data kept alive after unbind, and nothing when it is released', async () => {
    const keep: object[] = [];
    const core = new DriverCore();
    const mod = pciModule({
      name: 'leaky',
      idTable: pci.idTable([
        [id(19), 'keep'],
        [id(20), 'drop'],
      ]),
      probe: (_p, info) => {
        const self = { info };
        if (info === 'keep') keep.push(self);
        return self;
      },
    });
    core.load(mod);
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 19 });
    core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 20 });
    core.unload(mod);
    const seen = await core.checkLeaks();
    expect(seen).toMatchObject([{ kind: 'leak', driver: 'leaky', device: '0000:00:01.0' }]);
    expect(keep).toHaveLength(1);
  });
});
