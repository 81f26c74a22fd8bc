import plugin from 'eslint-plugin-drvlint';
import { header, invalid, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['devres-access'];
const self = `class Self {\n  constructor(readonly bar: Devres<pci.Bar>) {}\n}`;
const picked = `class Self {\n  constructor(readonly bar: Pick<Devres<pci.Bar>, 'tryAccess' | 'access'>) {}\n}`;

// A helper given the owner and its Devres by every caller (probe and unbind).
const doorbell = (body: string, extra = '') => `${self}
function doorbell(dev: pci.Device<Bound>, bar: Devres<pci.Bar>): void {
${body}
}${extra}`;
const ringing = (body: string, extra = '') =>
  pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    doorbell(pdev, bar);\n    return new Self(bar);`, {
    before: doorbell(body, extra),
    unbind: `    doorbell(pdev, self.bar);`,
  });
const asyncProbe = (body: string) => `${header}export const drv = pci.driver({
  name: 'd',
  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),
  async probe(pdev: pci.Device<Core>) {
${body}
  },
});
`;

ruleTester().run('devres-access', rule, {
  valid: [
    {
      name: 'a name destructured from the private data in a timer callback made in unbind: no bound device there',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: self,
        unbind: `    setTimeout(() => {\n      const { bar } = self;\n      bar.tryAccess()?.write32(0, 0);\n    }, 10);`,
      }),
    },
    {
      name: 'access with the owning device',
      code: pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    bar.access(pdev).write32(1, 0);\n    return new Self(bar);`, {
        before: self,
      }),
    },
    {
      name: 'tryAccess in timer and work callbacks, which have no bound device',
      code: pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    const t = hrtimer.create(() => { bar.tryAccess()?.write32(1, 0); return hrtimer.Restart.NoRestart; }).start(1);\n    const w = workqueue.system.enqueue(() => void bar.tryAccessWith((b) => b.read32(0)));\n    return { t, w };`,
      ),
    },
    {
      name: 'tryAccess in a helper with no device in scope',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: `${self}\nexport function peek(s: Self) {\n  return s.bar.tryAccess()?.read32(0);\n}`,
      }),
    },
    {
      name: 'a widening cast or a const alias of the owner is the owner',
      code: pciDriver(
        `    const bound = pdev as pci.Device<Bound>;\n    const bar = bound.iomapRegion(0, 'x');\n    bar.access(pdev).write32(1, 0);\n    const same = pdev;\n    bar.access(same).write32(2, 0);\n    return new Self(bar);`,
        { before: self },
      ),
    },
    {
      name: 'a helper one of whose callers passes another device, and one nobody calls',
      code: pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    doorbell(pdev, bar);\n    return new Self(bar);`, {
        before: doorbell(
          `  bar.tryAccess()?.write32(1, 0);`,
          `\nexport function cross(a: pci.Device<Bound>, b: pci.Device<Bound>): void {\n  doorbell(b, a.iomapRegion(0, 'y'));\n}\nexport function unused(dev: pci.Device<Bound>, bar: Devres<pci.Bar>): void {\n  bar.tryAccess()?.write32(1, 0);\n  void dev;\n}`,
        ),
      }),
    },
    {
      name: 'what access() returns, used within the callback, in a helper that only uses it, a local, and handed to Devres.new',
      code: pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    bar.access(pdev).write32(1, 0);\n    const regs = bar.access(pdev);\n    regs.write32(2, 0);\n    poke(regs);\n    const local = [regs];\n    void local;\n    const again = Devres.new(pdev, bar.access(pdev));\n    return { bar, again };`,
        { before: `function poke(b: pci.Bar): void {\n  b.write32(3, 0);\n}` },
      ),
    },
    {
      name: 'after an await in probe the device is not in scope',
      code: asyncProbe(
        `    const bar = pdev.iomapRegion(0, 'x');\n    await Promise.resolve();\n    bar.tryAccess()?.write32(1, 0);\n    for (let i = 0; i < 2; i++) {\n      await Promise.resolve();\n    }\n    return { bar };`,
      ),
    },
    {
      name: 'a closure over what access() returned, run by calls that keep nothing',
      code: pciDriver(
        `    const regs = pdev.iomapRegion(0, 'x').access(pdev);\n    const poke = () => regs.write32(1, 0);\n    [0, 1].forEach(poke);\n    run(poke);\n    return {};`,
        { before: `function run(f: () => void): void {\n  f();\n}` },
      ),
    },
  ],
  invalid: [
    {
      name: 'tryAccess in unbind on a name destructured from its self parameter',
      code: `${header}class Self {\n  constructor(readonly bar: Devres<pci.Bar>) {}\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(pdev.iomapRegion(0, 'x'));\n  },\n  unbind(pdev, { bar }) {\n    bar.tryAccess()?.write32(0, 0);\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      output: `${header}class Self {\n  constructor(readonly bar: Devres<pci.Bar>) {}\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(pdev.iomapRegion(0, 'x'));\n  },\n  unbind(pdev, { bar }) {\n    bar.access(pdev).write32(0, 0);\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      errors: [
        {
          messageId: 'useAccess',
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: `${header}class Self {\n  constructor(readonly bar: Devres<pci.Bar>) {}\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(pdev.iomapRegion(0, 'x'));\n  },\n  unbind(pdev, { bar }) {\n    bar.access(pdev).write32(0, 0);\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'tryAccess in unbind through a name destructured from the private data, and through a const alias',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: self,
        unbind: `    const { bar } = self;\n    bar.tryAccess()?.write32(0, 0);\n    const b2 = self.bar;\n    b2.tryAccess()?.write32(1, 0);`,
      }),
      output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: self,
        unbind: `    const { bar } = self;\n    bar.access(pdev).write32(0, 0);\n    const b2 = self.bar;\n    b2.access(pdev).write32(1, 0);`,
      }),
      errors: [
        {
          messageId: 'useAccess',
          line: 13,
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
                before: self,
                unbind: `    const { bar } = self;\n    bar.access(pdev).write32(0, 0);\n    const b2 = self.bar;\n    b2.tryAccess()?.write32(1, 0);`,
              }),
            },
          ],
        },
        {
          messageId: 'useAccess',
          line: 15,
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
                before: self,
                unbind: `    const { bar } = self;\n    bar.tryAccess()?.write32(0, 0);\n    const b2 = self.bar;\n    b2.access(pdev).write32(1, 0);`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'tryAccess in unbind through a type that picks the Devres members',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: picked,
        unbind: `    self.bar.tryAccess()?.write32(0, 0);`,
      }),
      output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: picked,
        unbind: `    self.bar.access(pdev).write32(0, 0);`,
      }),
      errors: [
        {
          messageId: 'useAccess',
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
                before: picked,
                unbind: `    self.bar.access(pdev).write32(0, 0);`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'tryAccess in unbind on the private data (the spec example), fixed to access(pdev)',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: self,
        unbind: `    self.bar.tryAccess()?.write32(0, 0);`,
      }),
      output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: self,
        unbind: `    self.bar.access(pdev).write32(0, 0);`,
      }),
      errors: [
        {
          messageId: 'useAccess',
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
                before: self,
                unbind: `    self.bar.access(pdev).write32(0, 0);`,
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'tryAccessWith in probe on a resource made from its device: a suggestion, no autofix',
      code: pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    bar.tryAccessWith((b) => b.write32(1, 0));\n    return new Self(bar);`,
        { before: self },
      ),
      errors: [
        {
          messageId: 'useAccess',
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: pciDriver(
                `    const bar = pdev.iomapRegion(0, 'x');\n    ((b) => b.write32(1, 0))(bar.access(pdev));\n    return new Self(bar);`,
                { before: self },
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'tryAccess in an IRQ handler, on the private data',
      code: pciDriver(
        `    const s = new Self(pdev.iomapRegion(0, 'x'));\n    const r = pdev.requestIrq(0, 'x', { handle: (dev) => { s.bar.tryAccess()?.read32(0); return irq.Return.Handled; } });\n    return { s, r };`,
        { before: self },
      ),
      output: pciDriver(
        `    const s = new Self(pdev.iomapRegion(0, 'x'));\n    const r = pdev.requestIrq(0, 'x', { handle: (dev) => { s.bar.access(dev).read32(0); return irq.Return.Handled; } });\n    return { s, r };`,
        { before: self },
      ),
      errors: [
        {
          messageId: 'useAccess',
          data: { call: 's.bar.tryAccess()', dev: 'dev', devres: 's.bar', context: 'Bound' },
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: pciDriver(
                `    const s = new Self(pdev.iomapRegion(0, 'x'));\n    const r = pdev.requestIrq(0, 'x', { handle: (dev) => { s.bar.access(dev).read32(0); return irq.Return.Handled; } });\n    return { s, r };`,
                { before: self },
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a helper every caller gives the owner and its Devres: access(dev), and the ?. goes',
      code: ringing(`  bar.tryAccess()?.write32(1, 0);`),
      output: ringing(`  bar.access(dev).write32(1, 0);`),
      errors: [
        {
          messageId: 'useAccess',
          data: { call: 'bar.tryAccess()', dev: 'dev', devres: 'bar', context: 'Bound' },
          suggestions: [{ messageId: 'useAccessSuggestion', output: ringing(`  bar.access(dev).write32(1, 0);`) }],
        },
      ],
    },
    {
      name: 'in an async probe, before its first await: fixed; in a loop with an await: quiet',
      code: asyncProbe(
        `    const bar = pdev.iomapRegion(0, 'x');\n    bar.tryAccess()?.write32(1, 0);\n    for (const v of [1, 2]) {\n      bar.tryAccess()?.write32(v, 0);\n      await Promise.resolve();\n    }\n    return { bar };`,
      ),
      output: asyncProbe(
        `    const bar = pdev.iomapRegion(0, 'x');\n    bar.access(pdev).write32(1, 0);\n    for (const v of [1, 2]) {\n      bar.tryAccess()?.write32(v, 0);\n      await Promise.resolve();\n    }\n    return { bar };`,
      ),
      errors: [
        {
          messageId: 'useAccess',
          line: 7,
          suggestions: [
            {
              messageId: 'useAccessSuggestion',
              output: asyncProbe(
                `    const bar = pdev.iomapRegion(0, 'x');\n    bar.access(pdev).write32(1, 0);\n    for (const v of [1, 2]) {\n      bar.tryAccess()?.write32(v, 0);\n      await Promise.resolve();\n    }\n    return { bar };`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: "a local that shadows the owner's name: reported, but no fix that would name the wrong value",
      code: pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    {\n      const pdev = 3;\n      bar.tryAccess()?.write32(pdev, 0);\n    }\n    return new Self(bar);`,
        { before: self },
      ),
      errors: [{ messageId: 'useAccess', suggestions: [] }],
    },
    invalid(
      'what access() returns, closed over by an object whose method uses it, kept in the private data',
      pciDriver(
        `    const regs = pdev.iomapRegion(0, 'x').access(pdev);\n    const ops = {\n      poke() {\n        regs.write32(1, 0);\n      },\n    };\n    return new Keeper(ops); // !`,
        { before: `class Keeper {\n  constructor(readonly ops: { poke(): void }) {}\n}` },
      ),
      'borrowKept',
    ),
    invalid(
      'what access() returns, kept past the callback: in a constructor that keeps it, the private data, module state, and a timer closure',
      pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    const kept = new Keeper(bar.access(pdev)); // !\n    const regs = bar.access(pdev);\n    saved = regs; // !\n    const t = hrtimer.create(() => { regs.write32(1, 0); return hrtimer.Restart.NoRestart; }).start(5); // !\n    t.cancel();\n    return { kept, regs }; // !`,
        { before: `class Keeper {\n  constructor(readonly bar: pci.Bar) {}\n}\nlet saved: pci.Bar | undefined;` },
      ),
      'borrowKept',
      'borrowKept',
      'borrowKept',
      'borrowKept',
    ),
    {
      name: 'access with a device that is not the owner',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, {
        before: `${self}\nexport function cross(a: pci.Device<Bound>, b: pci.Device<Bound>) {\n  const bar = a.iomapRegion(0, 'x');\n  return bar.access(b).read32(0);\n}`,
      }),
      errors: [{ messageId: 'foreignDevice', data: { call: 'bar.access(b)', dev: 'b', devres: 'bar', owner: 'a' } }],
    },
  ],
});
