import plugin from 'eslint-plugin-drvlint';
import { header, invalid, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['unbind-teardown-only'];
const self = `class Self implements Disposable {\n  cache?: Map<string, number> = new Map();\n  constructor(readonly bar: Devres<pci.Bar>, readonly t: hrtimer.Handle) {}\n  release() {}\n  [Symbol.dispose]() {\n    this.t.cancel();\n    this.cache = undefined;\n  }\n}`;
const driver = (unbind: string, before = self) =>
  pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'), hrtimer.create(() => hrtimer.Restart.NoRestart).start(1));`, { before, unbind });

// Driver resources that are not kernel types: a firmware blob, a pool of PRP
// lists, an admin queue, a guard, and a teardown obligation named `release`.
const parts = `import { type RequiresTeardown } from '@drvlint/kernel';
class Firmware {
  release(): void {}
}
class Prps {
  free(): void {}
}
class Guard {
  revoke(): void {}
}
class Engine implements RequiresTeardown<'release'> {
  release(): void {}
}
class Self implements Disposable {
  constructor(
    readonly fw: Firmware,
    readonly prps: Prps,
    readonly admin: Disposable,
    readonly queues: Disposable[],
    readonly guard: Guard,
    readonly engine: Engine,
  ) {}
  reset(): void {
    this.fw.release();
  }
  [Symbol.dispose]() {
    this.fw.release();
    this.prps.free();
    this.guard.revoke();
  }
}
function revokeGuard(g: Guard): void {
  g.revoke();
}
function noteOnly(g: Guard): string {
  const scratch = new Firmware();
  scratch.release();
  return typeof g;
}`;
const made = `    const d = { [Symbol.dispose]() {} };\n    return new Self(new Firmware(), new Prps(), d, [d], new Guard(), new Engine());`;
const partsDriver = (unbind: string, imports = '') => `${imports}${pciDriver(made, { before: parts, unbind })}`;

ruleTester().run('unbind-teardown-only', rule, {
  valid: [
    {
      name: 'a using declaration of a fresh local, in probe and in unbind, releases nothing of the binding',
      code: pciDriver(`    using scratch = new Scratch();\n    return { n: 1 };`, {
        before: `class Scratch implements Disposable {\n  [Symbol.dispose]() {}\n}`,
        unbind: `    using tmp = new Scratch();`,
      }),
    },
    {
      name: 'teardown in unbind, release in drop',
      code: driver(`    self.bar.access(pdev).write32(0, 0);\n    self.t.cancel();\n    pdev.disableDevice();`),
    },
    {
      name: 'release of things that are not driver resources',
      code: driver(
        `    const local = { release() {} };\n    local.release();\n    const other = { x: 1 } as { x?: number };\n    delete other.x;`,
      ),
    },
    { name: 'writes that are not clears', code: driver(`    self.cache?.set('x', 1);`) },
    {
      name: 'a teardown obligation named release, a local released, helpers that only read, and release in drop',
      code: partsDriver(
        `    self.engine.release();\n    const tmp = new Firmware();\n    tmp.release();\n    noteOnly(self.guard);\n    firmwareName(self);`,
        `import { firmwareName } from './helpers/shutdown.js';\n`,
      ),
    },
  ],
  invalid: [
    invalid(
      "releasing a name destructured from unbind's self parameter",
      `${header}class Res implements Disposable {\n  [Symbol.dispose]() {}\n}\nclass Self {\n  constructor(readonly res: Res) {}\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(new Res());\n  },\n  unbind(pdev, { res }) {\n    res[Symbol.dispose](); // !\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      'release',
    ),
    invalid('disposing the private data from unbind', driver(`    self[Symbol.dispose](); // !`), 'release'),
    invalid(
      'a using declaration of a part of the private data disposes it as unbind returns, through a destructured name too',
      partsDriver(`    using admin = self.admin; // !\n    const { queues } = self;\n    {\n      using first = queues[0]; // !\n    }`),
      'usingRelease',
      'usingRelease',
    ),
    invalid(
      'an unbind declared with overloads: the implementation is what runs',
      `${header}class Self implements Disposable {\n  [Symbol.dispose]() {}\n}\nfunction unbind(pdev: pci.Device<Core>, self: Self): void;\nfunction unbind(pdev: pci.Device<Core>, self: Self, why: string): void;\nfunction unbind(pdev: pci.Device<Core>, self: Self): void {\n  self[Symbol.dispose](); // !\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>): Self {\n    return new Self();\n  },\n  unbind,\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      'release',
    ),
    invalid('release methods on driver resources', driver(`    self.release(); // !`), 'release'),
    invalid(
      'delete and clearing fields of Self',
      driver(`    delete self.cache; // !\n    self.cache = undefined; // !\n    (self as { cache?: unknown }).cache = null; // !`),
      'deleteField',
      'clearField',
      'clearField',
    ),
    invalid(
      'in a helper that unbind calls: reported at the call in unbind',
      driver(`    shutdown(self); // !`, `${self}\nfunction shutdown(s: Self) {\n  s.release();\n}`),
      'releaseByHelper',
    ),
    invalid(
      'releases on fields and elements of Self, and through a const alias',
      partsDriver(
        `    self.fw.release(); // !\n    self.prps.free(); // !\n    self.admin[Symbol.dispose](); // !\n    self.queues[0]?.[Symbol.dispose](); // !\n    const g = self.guard;\n    g.revoke(); // !`,
      ),
      'release',
      'release',
      'release',
      'release',
      'release',
    ),
    invalid(
      'elements released in a for…of loop and in forEach',
      partsDriver(`    for (const q of self.queues) q[Symbol.dispose](); // !\n    self.queues.forEach((q) => q[Symbol.dispose]()); // !`),
      'release',
      'release',
    ),
    invalid(
      'through helpers: a function given a field, a method of Self, and a helper in another file',
      partsDriver(
        `    revokeGuard(self.guard); // !\n    self.reset(); // !\n    closeFirmware(self); // !`,
        `import { closeFirmware } from './helpers/shutdown.js';\n`,
      ),
      'releaseByHelper',
      'releaseByHelper',
      'releaseByHelper',
    ),
  ],
});

// A release is a release wherever unbind reaches it (rules.md, Clarifications 2026-12-07).
const queues = `class Queue implements Disposable {\n  [Symbol.dispose](): void {}\n}\nclass Self implements Disposable {\n  constructor(readonly reg: Devres<pci.Bar>, readonly queues: Queue[]) {}\n  [Symbol.dispose](): void {}\n  close(): void {\n    using q = this.queues[0];\n    void q;\n  }\n}\nfunction closeAll(xs: Queue[]): void {\n  for (const q of xs) q[Symbol.dispose]();\n}`;
const withQueues = (unbind: string) =>
  pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'), [new Queue()]);`, { before: queues, unbind });

ruleTester().run('unbind-teardown-only: releases through indirection', rule, {
  valid: [
    {
      name: 'the same helpers, and an applied call of a method that is no release',
      code: withQueues(`    void self.queues.length;\n    Reflect.apply(self.reg.tryAccess, self.reg, []);`),
    },
  ],
  invalid: [
    invalid(
      'through what a Devres holds, Reflect.apply, a const holding the method, a for…of in a helper, and using in a method',
      withQueues(
        `    self.reg.access(pdev)[Symbol.dispose](); // !\n    Reflect.apply(self[Symbol.dispose], self, []); // !\n    const d = self.queues[0]?.[Symbol.dispose];\n    d?.call(self.queues[0]); // !\n    closeAll(self.queues); // !\n    self.close(); // !`,
      ),
      'release',
      'release',
      'release',
      'releaseByHelper',
      'releaseByHelper',
    ),
  ],
});
