// @drvlint/kernel/legacy in the simulated core: the legacy unbind order, init
// and exit, registration by hand and its failures, Revocable, and the faults
// the core reports for current drivers, reported for legacy ones too.
import { describe, expect, it } from 'vitest';
import { type Core, Devres, KernelError, hrtimer, pci } from '@drvlint/kernel';
import * as legacy from '@drvlint/kernel/legacy';
import { DriverCore } from '@drvlint/kernel/testing';

const id = (device: number) => pci.DeviceId.fromId(pci.Vendor.REDHAT, device);
const redhat = (core: DriverCore, device: number) => core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device, bars: [{ size: 64 }] });

/** A legacy module registering `cls` in init, keeping its Registration as state. */
function moduleOf<D, I>(name: string, ...classes: legacy.pci.Driver<D, I>[]) {
  return legacy.module({
    name,
    authors: ['t'],
    description: 't',
    license: 'GPL',
    init(m) {
      return classes.map((c) => {
        const r = legacy.Registration.new(c);
        r.register(m);
        return r;
      });
    },
  });
}

describe('legacy unbind order', () => {
  it('runs unbind, remove, deviceRemove, then revocation of Devres and Revocable, then dispose', () => {
    const events: string[] = [];
    class Data implements legacy.DeviceRemoval, Disposable {
      constructor(
        readonly bar: Devres<pci.Bar>,
        readonly held: legacy.Revocable<{ [Symbol.dispose](): void }>,
      ) {}
      deviceRemove(): void {
        events.push(`deviceRemove (revoked: ${this.held.isRevoked})`);
      }
      [Symbol.dispose](): void {
        events.push(
          `dispose (bar: ${this.bar.tryAccess() === undefined ? 'revoked' : 'live'}, held: ${this.held.isRevoked ? 'revoked' : 'live'})`,
        );
      }
    }
    class Drv {
      static readonly NAME = 'order';
      static readonly ID_TABLE = pci.idTable([[id(1), 0]]);
      static probe(pdev: pci.Device<Core>): Data {
        return new Data(pdev.iomapRegion(0, 'order'), new legacy.Revocable({ [Symbol.dispose]: () => events.push('held released') }));
      }
      static unbind(pdev: pci.Device<Core>): void {
        events.push(`unbind ${pdev.vendorId()}`);
      }
      static remove(pdev: pci.Device<Core>): void {
        pdev.disableDevice();
        events.push('remove');
      }
    }
    const core = new DriverCore();
    const mod = moduleOf('order', Drv);
    core.load(mod);
    const dev = redhat(core, 1);
    expect(core.boundDriver(dev)).toBe('order');
    core.unbind(dev);
    expect(events).toEqual([
      'unbind 6966',
      'remove',
      'deviceRemove (revoked: false)',
      'held released',
      'dispose (bar: revoked, held: revoked)',
    ]);
    expect(core.report()).toEqual([]);
    core.unload(mod);
  });
});

describe('legacy modules and registrations', () => {
  class A {
    static readonly NAME = 'a';
    static readonly ID_TABLE = pci.idTable([[id(2), 0]]);
    static probe(): object {
      return {};
    }
  }

  it('load runs init, which binds through the usual path; unload runs exit, then unregisters what is left', () => {
    const seen: string[] = [];
    let reg: legacy.Registration | undefined;
    const mod = legacy.module({
      name: 'm',
      authors: [],
      description: '',
      license: 'GPL',
      init(m) {
        seen.push(`init ${m.name}`);
        reg = legacy.Registration.new(A);
        seen.push(`registered before: ${reg.isRegistered}`);
        reg.register(m);
        seen.push(`registered after: ${reg.isRegistered}`);
        return 'state';
      },
      exit(state) {
        seen.push(`exit ${state} (registered: ${reg?.isRegistered})`);
      },
    });
    const core = new DriverCore();
    const dev = redhat(core, 2);
    core.load(mod);
    expect(core.boundDriver(dev)).toBe('a');
    core.unload(mod);
    expect(core.boundDriver(dev)).toBeUndefined();
    expect(reg?.isRegistered).toBe(false);
    expect(seen).toEqual(['init m', 'registered before: false', 'registered after: true', 'exit state (registered: true)']);
  });

  it('register fails with EINVAL for a raw table without ZERO and EBUSY for a name already registered; a failing init unregisters what it registered', () => {
    class Raw {
      static readonly NAME = 'raw';
      static readonly ID_TABLE = pci.rawIdTable([[id(3), 0]]);
      static probe(): object {
        return {};
      }
    }
    const core = new DriverCore();
    const dev = redhat(core, 2);
    expect(() => core.load(moduleOf('raw', Raw))).toThrow(/EINVAL/);
    const both = moduleOf('both', A, A);
    expect(() => core.load(both)).toThrow(/EBUSY/);
    // The first A that init registered was unregistered again, and the module is not loaded.
    expect(core.boundDriver(dev)).toBeUndefined();
    expect(() => core.unload(both)).toThrow(/ENOENT/);
  });

  it('Registration.register outside a loading module, and twice, is refused; dispose unregisters', () => {
    const r = legacy.Registration.new(A);
    expect(() => r.register({ name: 'fake' })).toThrow(KernelError);
    let kept: legacy.Registration | undefined;
    const mod = legacy.module({
      name: 'twice',
      authors: [],
      description: '',
      license: 'GPL',
      init(m) {
        kept = legacy.Registration.new(A);
        kept.register(m);
        expect(() => kept?.register(m)).toThrow(/EBUSY/);
      },
    });
    const core = new DriverCore();
    core.load(mod);
    const dev = redhat(core, 2);
    expect(core.boundDriver(dev)).toBe('a');
    kept?.[Symbol.dispose]();
    expect(kept?.isRegistered).toBe(false);
    expect(core.boundDriver(dev)).toBeUndefined();
    core.unload(mod);
  });
});

describe('Revocable', () => {
  it('gives its data until revoked, once; revoking disposes data it owns but not data a Devres lends it', () => {
    const released: string[] = [];
    const r = new legacy.Revocable({ n: 1, [Symbol.dispose]: () => released.push('own') });
    expect(r.tryAccess()?.n).toBe(1);
    expect(r.tryAccessWith((d) => d.n + 1)).toBe(2);
    r.revoke();
    r.revoke();
    expect(r.isRevoked).toBe(true);
    expect(r.tryAccess()).toBeUndefined();
    expect(r.tryAccessWith((d) => d.n)).toBeUndefined();
    expect(released).toEqual(['own']);

    class Borrowing {
      static readonly NAME = 'borrow';
      static readonly ID_TABLE = pci.idTable([[id(4), 0]]);
      static probe(pdev: pci.Device<Core>): { readonly bar: legacy.Revocable<pci.Bar>; readonly devres: Devres<pci.Bar> } {
        const devres = pdev.iomapRegion(0, 'borrow');
        const bar = new legacy.Revocable(devres.access(pdev));
        bar.revoke();
        // The mapping is the Devres's: still usable through it.
        devres.access(pdev).write32(1, 0);
        return { bar, devres };
      }
    }
    const core = new DriverCore();
    const mod = moduleOf('borrow', Borrowing);
    core.load(mod);
    redhat(core, 4);
    expect(core.report()).toEqual([]);
    expect(core.trace.filter((l) => /bar 0|write32/.test(l))).toEqual([
      'pci 0000:00:01.0: iomap bar 0',
      'pci 0000:00:01.0: write32 0x1 @0x0',
    ]);
    core.unload(mod);
    expect(core.trace.filter((l) => /release bar/.test(l))).toEqual(['pci 0000:00:01.0: release bar 0']);
  });
});

describe('faults in legacy drivers', () => {
  it('a stored Core view used later, and a timer never cancelled, are reported as for current drivers', () => {
    let stored: pci.Device<Core> | undefined;
    class Faulty {
      static readonly NAME = 'faulty';
      static readonly ID_TABLE = pci.idTable([[id(5), 0]]);
      static probe(pdev: pci.Device<Core>): { readonly t: hrtimer.Handle } {
        stored = pdev;
        return { t: hrtimer.create(() => hrtimer.Restart.NoRestart).start(10) };
      }
      static remove(): void {
        try {
          stored?.setMaster();
        } catch {
          // the core reports it; the driver carries on
        }
      }
    }
    const core = new DriverCore();
    const mod = moduleOf('faulty', Faulty);
    core.load(mod);
    core.unbind(redhat(core, 5));
    core.unload(mod);
    expect(core.report().map((v) => v.kind)).toEqual(['stale-view', 'missed-teardown']);
  });
});
