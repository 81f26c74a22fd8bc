// The run-time half of the oracle, as its own process (`node --expose-gc`):
// each mutant's compiled modules are loaded into a fresh DriverCore and put
// through one exercise (load, bind, let time and work run, unbind, remove,
// unload, checkLeaks). What the core reports is the mutant's run-time verdict.
//
// A separate process because mutant modules are imported once each and never
// unloaded, and because a deferred callback that throws must not reach the
// test runner.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Device, type KernelModule, pci } from '@drvlint/kernel';
import { DriverCore, pciTestdev } from '@drvlint/kernel/testing';
import { type Group, groups } from './groups.js';

export interface RuntimeJob {
  readonly id: string;
  /** A directory laid out as fixtures/drivers/dist, holding the mutant's build. */
  readonly dir: string;
  readonly group: string;
  /** The group itself, for a program that is none of the fixtures' (a generated one). */
  readonly spec?: Group;
}

export interface RuntimeVerdict {
  readonly id: string;
  /** Violation kinds the core reported, with their detail. */
  readonly violations: readonly { readonly kind: string; readonly detail: string }[];
  /** Exceptions that escaped a phase (a probe failure is not one: the core handles it). */
  readonly errors: readonly string[];
}

const NV_BOOT0 = 0x1920_00a1;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function addDevices(core: DriverCore, group: Group, dir: string): Promise<Device[]> {
  switch (group.devices) {
    case 'pci-testdev':
      return [core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 0x5, bars: [{ size: 4096, model: pciTestdev() }] })];
    case 'redhat':
      return [core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device: 0x5, bars: [{ size: 4096 }] })];
    case 'platform':
      return [
        core.platform.addDevice({ name: 'rust-device.0', compatible: ['test,rust-device'] }),
        core.platform.addDevice({ name: 'LNUXBEEF:00', hid: 'LNUXBEEF' }),
      ];
    case 'nvidia': {
      const regs = (await import(pathToFileURL(path.join(dir, 'nova-core/regs.js')).href)) as { BAR0_SIZE: number; NV_PMC_BOOT_0: number };
      const values = new Map<number, number>([[regs.NV_PMC_BOOT_0, NV_BOOT0]]);
      const model = { read: (off: number) => values.get(off) ?? 0, write: (off: number, _w: number, v: number) => void values.set(off, v) };
      return [
        core.pci.addDevice({
          vendor: pci.Vendor.NVIDIA,
          device: 0x2684,
          class: pci.Class.DISPLAY_VGA,
          bars: [{ size: regs.BAR0_SIZE, model }],
        }),
      ];
    }
  }
}

let current: string[] = [];
process.on('uncaughtException', (e) => current.push(`uncaught: ${e instanceof Error ? e.message : String(e)}`));
process.on('unhandledRejection', (e) => current.push(`unhandled rejection: ${e instanceof Error ? e.message : String(e)}`));
process.setMaxListeners(0);

export async function exercise(job: RuntimeJob): Promise<RuntimeVerdict> {
  const group = job.spec ?? groups.find((g) => g.name === job.group);
  if (group === undefined) throw new Error(`unknown group ${job.group}`);
  const errors: string[] = [];
  current = errors;
  const core = new DriverCore();
  const phase = async (name: string, f: () => unknown): Promise<void> => {
    try {
      await f();
    } catch (e) {
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    await tick();
  };
  const mods: KernelModule[] = [];
  await phase('import', async () => {
    for (const m of group.modules)
      mods.push(((await import(pathToFileURL(path.join(job.dir, m)).href)) as { default: KernelModule }).default);
  });
  const loaded: KernelModule[] = [];
  for (const mod of mods) await phase(`load ${mod.name}`, () => (core.load(mod), loaded.push(mod)));
  let devices: Device[] = [];
  await phase('add devices', async () => (devices = await addDevices(core, group, job.dir)));
  await phase('run', () => (core.advance(350_000_000), core.runWork()));
  for (const dev of devices) await phase('unbind', () => core.unbind(dev));
  await phase('after unbind', () => (core.advance(350_000_000), core.runWork()));
  for (const dev of devices) await phase('remove', () => core.removeDevice(dev));
  for (const mod of [...loaded].reverse()) await phase(`unload ${mod.name}`, () => core.unload(mod));
  await phase('checkLeaks', () => core.checkLeaks());
  current = [];
  return { id: job.id, violations: core.report().map((v) => ({ kind: v.kind, detail: v.detail })), errors };
}

// Entry point: runtime.js <jobs.json> <verdicts.json>
const [jobsFile, outFile] = process.argv.slice(2);
if (jobsFile !== undefined && outFile !== undefined && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const jobs = JSON.parse(readFileSync(jobsFile, 'utf8')) as RuntimeJob[];
  const verdicts: RuntimeVerdict[] = [];
  for (const job of jobs) verdicts.push(await exercise(job));
  writeFileSync(outFile, JSON.stringify(verdicts));
}
