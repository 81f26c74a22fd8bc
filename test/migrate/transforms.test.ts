// Each transform of drvlint migrate, before and after, on real files in a
// temporary project (--only and --write), with the sites it leaves for a
// person, do no harm, files with syntax errors, and the command's errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drvlint, project, tempRoot } from '../cli/helpers.js';

const tmp = tempRoot('migrate');
afterAll(tmp.cleanup);
let n = 0;

/** Migrate `before` (as src/a.ts) with `args`; the file after, and the run. */
async function migrated(before: string, ...args: string[]) {
  const dir = project(path.join(tmp.dir, `p${n++}`), { 'src/a.ts': before });
  const run = await drvlint(dir, 'migrate', '--write', ...args);
  return { after: readFileSync(path.join(dir, 'src/a.ts'), 'utf8'), run, dir };
}

const pciClass = (members: string) =>
  `class Drv {\n  static readonly NAME = 'd';\n  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]);\n${members}\n}`;
const legacyModule = (init = '    Registration.new(Drv).register(m);') =>
  `export default module({\n  name: 'd',\n  authors: [],\n  description: '',\n  license: 'GPL',\n  init(m) {\n${init}\n  },\n});\n`;

describe('core-internal', () => {
  it('renames Internal in types and imports; an alias is kept, and a namespace use is written as the current name', async () => {
    const { after } = await migrated(
      `import type { Device } from '@drvlint/kernel';\nimport type { Internal } from '@drvlint/kernel/legacy';\nimport * as legacy from '@drvlint/kernel/legacy';\nimport { type Internal as Ctx } from '@drvlint/kernel/legacy';\n\n// Bus glue.\nexport function a(d: Device<Internal>): Device<legacy.Internal> {\n  return d;\n}\nexport function b(d: Device<Ctx>): Device<Ctx> {\n  return d;\n}\n`,
      '--only',
      'core-internal',
    );
    expect(after).toBe(
      `import type { Device, CoreInternal as Ctx, CoreInternal } from '@drvlint/kernel';\n\n// Bus glue.\nexport function a(d: Device<CoreInternal>): Device<CoreInternal> {\n  return d;\n}\nexport function b(d: Device<Ctx>): Device<Ctx> {\n  return d;\n}\n`,
    );
  });
});

describe('remove-to-unbind', () => {
  const data = `class Data {\n  log: string[] | undefined = [];\n}\n`;
  it("merges remove()'s teardown after an existing unbind, and moves its release to a new [Symbol.dispose]", async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport { Registration, module } from '@drvlint/kernel/legacy';\n\n${data}\n${pciClass(`  static probe(_pdev: pci.Device<Core>): Data {\n    return new Data();\n  }\n  static unbind(dev: pci.Device<Core>, d: Data): void {\n    dev.info('unbind');\n  }\n\n  static remove(pdev: pci.Device<Core>, data: Data): void {\n    pdev.disableDevice();\n    delete data.log;\n  }`)}\n\n${legacyModule()}`;
    const { after, run } = await migrated(before, '--only', 'remove-to-unbind');
    expect(run.stdout).toContain('remove-to-unbind: 1 file, 1 site migrated, 0 left for a person');
    expect(after).toBe(
      before
        .replace(
          `class Data {\n  log: string[] | undefined = [];\n}`,
          `class Data implements Disposable {\n  log: string[] | undefined = [];\n\n  [Symbol.dispose](): void {\n    delete this.log;\n  }\n}`,
        )
        .replace(
          `    dev.info('unbind');\n  }\n\n  static remove(pdev: pci.Device<Core>, data: Data): void {\n    pdev.disableDevice();\n    delete data.log;\n  }`,
          `    dev.info('unbind');\n    dev.disableDevice();\n  }`,
        ),
    );
  });

  it('leaves remove() for a person when a statement is neither teardown nor release, or a release needs the device', async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport { Registration, module } from '@drvlint/kernel/legacy';\n\nclass Fw {\n  release(_dev: object): void {}\n}\nclass Data {\n  constructor(readonly fw: Fw) {}\n}\nlet removed = 0;\n${pciClass(`  static probe(_pdev: pci.Device<Core>): Data {\n    return new Data(new Fw());\n  }\n  static remove(pdev: pci.Device<Core>, data: Data): void {\n    removed++;\n    data.fw.release(pdev);\n  }`)}\n\n${legacyModule()}`;
    const { after, run } = await migrated(before, '--only', 'remove-to-unbind');
    expect(after).toBe(before);
    expect(run.stdout).toMatch(/left: src\/a\.ts:18:5 neither teardown nor release/);
    expect(run.stdout).toMatch(/left: src\/a\.ts:19:5 a release that needs the device/);
  });
});

describe('device-removal', () => {
  it('makes Revocable a Devres (the Devres itself for d.access(dev)), drops revoke() from deviceRemove and moves the rest into a new unbind', async () => {
    const before = `import { pci, hrtimer, type Core } from '@drvlint/kernel';\nimport * as legacy from '@drvlint/kernel/legacy';\n\nclass Data implements legacy.DeviceRemoval {\n  constructor(readonly bar: legacy.Revocable<pci.Bar>, readonly t: hrtimer.Handle) {}\n  deviceRemove(): void {\n    this.bar.revoke();\n    this.t.cancel();\n  }\n}\n\n${pciClass(`  static probe(pdev: pci.Device<Core>): Data {\n    const bar = pdev.iomapRegion(0, 'd');\n    return new Data(new legacy.Revocable(bar.access(pdev)), hrtimer.create(() => hrtimer.Restart.NoRestart).start(5));\n  }`)}\n\nexport default legacy.module({ name: 'd', authors: [], description: '', license: 'GPL', init(m) {\n  legacy.Registration.new(Drv).register(m);\n} });\n`;
    const { after } = await migrated(before, '--only', 'device-removal');
    expect(after).toBe(
      before
        .replace(
          `import { pci, hrtimer, type Core } from '@drvlint/kernel';`,
          `import { pci, hrtimer, type Core, Devres } from '@drvlint/kernel';`,
        )
        .replace(
          `class Data implements legacy.DeviceRemoval {\n  constructor(readonly bar: legacy.Revocable<pci.Bar>, readonly t: hrtimer.Handle) {}\n  deviceRemove(): void {\n    this.bar.revoke();\n    this.t.cancel();\n  }\n}`,
          `class Data {\n  constructor(readonly bar: Devres<pci.Bar>, readonly t: hrtimer.Handle) {}\n}`,
        )
        .replace(`new legacy.Revocable(bar.access(pdev))`, 'bar')
        .replace(
          `hrtimer.Restart.NoRestart).start(5));\n  }`,
          `hrtimer.Restart.NoRestart).start(5));\n  }\n  static unbind(dev: pci.Device<Core>, data: Data): void {\n    data.t.cancel();\n  }`,
        ),
    );
  });

  it('a Revocable built in a constructor from a parameter: the parameter becomes a Devres, and probe passes the Devres', async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport * as legacy from '@drvlint/kernel/legacy';\n\nclass Data {\n  readonly bar: legacy.Revocable<pci.Bar>;\n  readonly cfg: legacy.Revocable<{ n: number }>;\n  constructor(bar: pci.Bar, cfg: { n: number }) {\n    this.bar = new legacy.Revocable(bar);\n    this.cfg = new legacy.Revocable(cfg);\n  }\n}\n\n${pciClass(`  static probe(pdev: pci.Device<Core>): Data {\n    const bar0 = pdev.iomapRegion(0, 'd');\n    return new Data(bar0.access(pdev), { n: 1 });\n  }`)}\n\nexport default legacy.module({ name: 'd', authors: [], description: '', license: 'GPL', init(m) {\n  legacy.Registration.new(Drv).register(m);\n} });\n`;
    const { after, run } = await migrated(before, '--only', 'device-removal');
    expect(run.stdout).toContain('device-removal: 1 file, 4 sites migrated, 0 left for a person');
    expect(after).toBe(
      before
        .replace(`import { pci, type Core } from '@drvlint/kernel';`, `import { pci, type Core, Devres } from '@drvlint/kernel';`)
        .replace('readonly bar: legacy.Revocable<pci.Bar>;', 'readonly bar: Devres<pci.Bar>;')
        .replace('readonly cfg: legacy.Revocable<{ n: number }>;', 'readonly cfg: Devres<{ n: number }>;')
        .replace('constructor(bar: pci.Bar, cfg: { n: number }) {', 'constructor(bar: Devres<pci.Bar>, cfg: Devres<{ n: number }>) {')
        .replace('this.bar = new legacy.Revocable(bar);', 'this.bar = bar;')
        .replace('this.cfg = new legacy.Revocable(cfg);', 'this.cfg = cfg;')
        .replace('return new Data(bar0.access(pdev), { n: 1 });', 'return new Data(bar0, Devres.new(pdev, { n: 1 }));'),
    );
  });

  it('do no harm: revoke() outside deviceRemove would not type-check on a Devres, so the step is not applied to the file, and says so', async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport * as legacy from '@drvlint/kernel/legacy';\n\nclass Data {\n  constructor(readonly n: legacy.Revocable<number>) {}\n  stop(): void {\n    this.n.revoke();\n  }\n}\n\n${pciClass(`  static probe(_pdev: pci.Device<Core>): Data {\n    return new Data(new legacy.Revocable(1));\n  }`)}\n\nexport default legacy.module({ name: 'd', authors: [], description: '', license: 'GPL', init(m) {\n  legacy.Registration.new(Drv).register(m);\n} });\n`;
    const { after, run } = await migrated(before, '--only', 'device-removal');
    expect(after).toBe(before);
    expect(run.stdout).toMatch(/left: src\/a\.ts:7:5 `revoke` of a Revocable outside deviceRemove\(\)/);
    expect(run.stdout).toMatch(
      /left: src\/a\.ts:\d+:\d+ device-removal was not applied to this file: it would add a type error \(TS2339: Property 'revoke' does not exist/,
    );
  });
});

describe('registration', () => {
  it('leaves an init that does more than register drivers, and names it in the summary', async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport { Registration, module } from '@drvlint/kernel/legacy';\n\n${pciClass(`  static probe(_pdev: pci.Device<Core>): object {\n    return {};\n  }`)}\n\nlet loads = 0;\n${legacyModule(`    loads++;\n    Registration.new(Drv).register(m);`)}`;
    const { after, run } = await migrated(before, '--only', 'registration');
    expect(after).toBe(before);
    expect(run.stdout).toMatch(/left: src\/a\.ts:19:5 init does more than register drivers/);
    expect(run.code).toBe(0);
  });

  it('leaves a class that still has remove() until remove-to-unbind has run', async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport { Registration, module } from '@drvlint/kernel/legacy';\n\n${pciClass(`  static probe(_pdev: pci.Device<Core>): object {\n    return {};\n  }\n  static remove(pdev: pci.Device<Core>, _d: object): void {\n    pdev.disableDevice();\n  }`)}\n\n${legacyModule()}`;
    const { after, run } = await migrated(before, '--only', 'registration');
    expect(after).toBe(before);
    expect(run.stdout).toMatch(/left: src\/a\.ts:4:1 class Drv still has remove\(\): run remove-to-unbind first/);
  });
});

describe('raw-id-table', () => {
  it('drops the terminator (its whole line, comment and all, or with its comma on one line) and calls idTable; a ZERO before the last is left', async () => {
    const before = `import { pci, of } from '@drvlint/kernel';\nexport const A = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], pci.DeviceId.ZERO]);\nexport const B = of.rawIdTable([\n  [of.DeviceId.new('a,b'), 'x'],\n  of.DeviceId.ZERO, // end\n]);\nexport const C = pci.rawIdTable([pci.DeviceId.ZERO, [pci.DeviceId.fromId(1, 3), 0], pci.DeviceId.ZERO]);\n`;
    const { after, run } = await migrated(before, '--only', 'raw-id-table');
    expect(after).toBe(
      `import { pci, of } from '@drvlint/kernel';\nexport const A = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\nexport const B = of.idTable([\n  [of.DeviceId.new('a,b'), 'x'],\n]);\nexport const C = pci.rawIdTable([pci.DeviceId.ZERO, [pci.DeviceId.fromId(1, 3), 0], pci.DeviceId.ZERO]);\n`,
    );
    expect(run.stdout).toMatch(/left: src\/a\.ts:7:34 a ZERO before the last element/);
  });
});

describe('devres-access', () => {
  it('rewrites what the rule proves owned, as its autofix does', async () => {
    const before = `import { pci, module, Devres, type Core } from '@drvlint/kernel';\nclass S {\n  constructor(readonly bar: Devres<pci.Bar>) {}\n}\nconst drv = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),\n  probe: (pdev: pci.Device<Core>) => new S(pdev.iomapRegion(0, 'd')),\n  unbind(pdev, self) {\n    self.bar.tryAccess()?.write32(0, 0);\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [drv] });\n`;
    const { after } = await migrated(before, '--only', 'devres-access');
    expect(after).toBe(before.replace('self.bar.tryAccess()?.write32(0, 0);', 'self.bar.access(pdev).write32(0, 0);'));
  });
});

describe('the command', () => {
  it('prints a diff and writes nothing by default; --check exits 1 while changes are pending; JSON gives the same as data', async () => {
    const before = `import { pci } from '@drvlint/kernel';\nexport const A = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], pci.DeviceId.ZERO]);\n`;
    const dir = project(path.join(tmp.dir, 'cmd'), { 'src/a.ts': before });
    const dry = await drvlint(dir, 'migrate');
    expect(dry.stdout).toContain('diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n');
    expect(dry.stdout).toContain('drvlint migrate: 1 file would change (run with --write to apply)');
    expect(readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(before);
    const check = await drvlint(dir, 'migrate', '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).not.toContain('diff --git');
    const json = JSON.parse((await drvlint(dir, 'migrate', '--format', 'json')).stdout) as {
      changes: { file: string }[];
      transforms: { id: string; migrated: unknown[] }[];
    };
    expect(json.changes.map((c) => c.file)).toEqual(['src/a.ts']);
    expect(json.transforms.map((t) => t.id)).toEqual([
      'core-internal',
      'remove-to-unbind',
      'device-removal',
      'registration',
      'raw-id-table',
      'devres-access',
    ]);
    expect(json.transforms.find((t) => t.id === 'raw-id-table')?.migrated).toHaveLength(1);
  });

  it('a step that would add a type error is left out of that file alone: its other steps apply, and the summary names the step', async () => {
    const before = `import { pci, type Core } from '@drvlint/kernel';\nimport * as legacy from '@drvlint/kernel/legacy';\n\nclass Data {\n  constructor(readonly n: legacy.Revocable<number>) {}\n  stop(): void {\n    this.n.revoke();\n  }\n}\nexport const T = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], pci.DeviceId.ZERO]);\n\n${pciClass(`  static probe(_pdev: pci.Device<Core>): Data {\n    return new Data(new legacy.Revocable(1));\n  }`)}\n\nexport default legacy.module({ name: 'd', authors: [], description: '', license: 'GPL', init(m) {\n  legacy.Registration.new(Drv).register(m);\n} });\n`;
    const { after, run } = await migrated(before);
    expect(after).toContain('export const T = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);');
    expect(after).toContain('constructor(readonly n: legacy.Revocable<number>) {}');
    expect(run.stdout).toMatch(
      /^ {4}left: src\/a\.ts:\d+:\d+ device-removal was not applied to this file: it would add a type error \(TS2339/m,
    );
    expect(run.stdout).not.toContain('untouched:');
  });

  it('--check ends with how many sites need a person, and without any says so', async () => {
    const left = `import { pci, type Core } from '@drvlint/kernel';\nimport { Registration, module } from '@drvlint/kernel/legacy';\n\n${pciClass(`  static probe(_pdev: pci.Device<Core>): object {\n    return {};\n  }`)}\n\nlet loads = 0;\n${legacyModule(`    loads++;\n    Registration.new(Drv).register(m);`)}`;
    const dir = project(path.join(tmp.dir, 'person'), { 'src/a.ts': left, 'src/b.ts': `export const x = 1;\n` });
    const r = await drvlint(dir, 'migrate', '--check');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'drvlint migrate: 1 site needs a person (listed above; `drvlint/no-legacy-api` keeps reporting the legacy API they use)',
    );
    const clean = await drvlint(dir, 'migrate', '--check', 'src/b.ts');
    expect(clean.stdout.trimEnd().split('\n').at(-1)).toBe('drvlint migrate: no site needs a person');
  });

  it('skips a file with syntax errors and reports it; nothing is written to it', async () => {
    const broken = `import { pci } from '@drvlint/kernel';\nexport const A = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], pci.DeviceId.ZERO]);\nexport const B = (;\n`;
    const dir = project(path.join(tmp.dir, 'syntax'), {
      'src/a.ts': broken,
      'src/b.ts': `import { pci } from '@drvlint/kernel';\nexport const C = pci.rawIdTable([[pci.DeviceId.fromId(1, 3), 0], pci.DeviceId.ZERO]);\n`,
    });
    const r = await drvlint(dir, 'migrate', '--write');
    expect(readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(broken);
    expect(readFileSync(path.join(dir, 'src/b.ts'), 'utf8')).toContain('pci.idTable(');
    expect(r.stdout).toMatch(/untouched: src\/a\.ts:3:\d+ has syntax errors; nothing is migrated in it/);
  });

  it('usage and configuration errors are one line and exit 2', async () => {
    const dir = project(path.join(tmp.dir, 'errors'), { 'src/a.ts': `export const x = 1;\n` });
    const unknown = await drvlint(dir, 'migrate', '--only', 'core-internal,bogus');
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      "drvlint: unknown transform 'bogus': use core-internal, remove-to-unbind, device-removal, registration, raw-id-table, devres-access\n",
    ]);
    const noConfig = await drvlint(dir, 'migrate', '-p', 'missing.json');
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toMatch(/^drvlint: no tsconfig at missing\.json: pass the project's tsconfig with -p <path>\n$/);
    const noKernel = await drvlint(dir, 'migrate');
    expect(noKernel.code).toBe(2);
    expect(noKernel.stderr).toMatch(
      /^drvlint: nothing to migrate to: no file of this program imports @drvlint\/kernel, so drvlint checked nothing.*\n$/,
    );
    const both = await drvlint(dir, 'migrate', '--write', '--check');
    expect([both.code, both.stderr]).toEqual([2, 'drvlint: --write and --check do not go together: --check only reports\n']);
  });
});
