import plugin from 'eslint-plugin-drvlint';
import { pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['devres-access'];
const self = `class Self {\n  constructor(readonly bar: Devres<pci.Bar>) {}\n}`;

ruleTester().run('devres-access', rule, {
  valid: [
    { name: 'access with the owning device', code: pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    bar.access(pdev).write32(1, 0);\n    return new Self(bar);`, { before: self }) },
    {
      name: 'tryAccess in timer and work callbacks, which have no bound device',
      code: pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    const t = hrtimer.create(() => { bar.tryAccess()?.write32(1, 0); return hrtimer.Restart.NoRestart; }).start(1);\n    const w = workqueue.system.enqueue(() => void bar.tryAccessWith((b) => b.read32(0)));\n    return { t, w };`),
    },
    { name: 'tryAccess in a helper with no device in scope', code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, { before: `${self}\nexport function peek(s: Self) {\n  return s.bar.tryAccess()?.read32(0);\n}` }) },
  ],
  invalid: [
    {
      name: 'tryAccess in unbind on the private data (the spec example), fixed to access(pdev)',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, { before: self, unbind: `    self.bar.tryAccess()?.write32(0, 0);` }),
      output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, { before: self, unbind: `    self.bar.access(pdev)?.write32(0, 0);` }),
      errors: [
        {
          messageId: 'useAccess',
          suggestions: [{ messageId: 'useAccessSuggestion', output: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, { before: self, unbind: `    self.bar.access(pdev)?.write32(0, 0);` }) }],
        },
      ],
    },
    {
      name: 'tryAccessWith in probe on a resource made from its device: a suggestion, no autofix',
      code: pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    bar.tryAccessWith((b) => b.write32(1, 0));\n    return new Self(bar);`, { before: self }),
      errors: [
        {
          messageId: 'useAccess',
          suggestions: [{ messageId: 'useAccessSuggestion', output: pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    ((b) => b.write32(1, 0))(bar.access(pdev));\n    return new Self(bar);`, { before: self }) }],
        },
      ],
    },
    {
      name: 'tryAccess in an IRQ handler, on the private data',
      code: pciDriver(`    const s = new Self(pdev.iomapRegion(0, 'x'));\n    const r = pdev.requestIrq(0, 'x', { handle: (dev) => { s.bar.tryAccess()?.read32(0); return irq.Return.Handled; } });\n    return { s, r };`, { before: self }),
      output: pciDriver(`    const s = new Self(pdev.iomapRegion(0, 'x'));\n    const r = pdev.requestIrq(0, 'x', { handle: (dev) => { s.bar.access(dev)?.read32(0); return irq.Return.Handled; } });\n    return { s, r };`, { before: self }),
      errors: [{ messageId: 'useAccess', data: { call: 's.bar.tryAccess()', dev: 'dev', devres: 's.bar', context: 'Bound' }, suggestions: [{ messageId: 'useAccessSuggestion', output: pciDriver(`    const s = new Self(pdev.iomapRegion(0, 'x'));\n    const r = pdev.requestIrq(0, 'x', { handle: (dev) => { s.bar.access(dev)?.read32(0); return irq.Return.Handled; } });\n    return { s, r };`, { before: self }) }] }],
    },
    {
      name: 'access with a device that is not the owner',
      code: pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'));`, { before: `${self}\nexport function cross(a: pci.Device<Bound>, b: pci.Device<Bound>) {\n  const bar = a.iomapRegion(0, 'x');\n  return bar.access(b).read32(0);\n}` }),
      errors: [{ messageId: 'foreignDevice', data: { call: 'bar.access(b)', dev: 'b', devres: 'bar', owner: 'a' } }],
    },
  ],
});
