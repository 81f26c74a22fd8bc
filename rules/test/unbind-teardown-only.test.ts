import plugin from 'eslint-plugin-drvlint';
import { invalid, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['unbind-teardown-only'];
const self = `class Self implements Disposable {\n  cache?: Map<string, number> = new Map();\n  constructor(readonly bar: Devres<pci.Bar>, readonly t: hrtimer.Handle) {}\n  release() {}\n  [Symbol.dispose]() {\n    this.t.cancel();\n    this.cache = undefined;\n  }\n}`;
const driver = (unbind: string, before = self) => pciDriver(`    return new Self(pdev.iomapRegion(0, 'x'), hrtimer.create(() => hrtimer.Restart.NoRestart).start(1));`, { before, unbind });

ruleTester().run('unbind-teardown-only', rule, {
  valid: [
    { name: 'teardown in unbind, release in drop', code: driver(`    self.bar.access(pdev).write32(0, 0);\n    self.t.cancel();\n    pdev.disableDevice();`) },
    { name: 'release of things that are not driver resources', code: driver(`    const local = { release() {} };\n    local.release();\n    const other = { x: 1 } as { x?: number };\n    delete other.x;`) },
    { name: 'writes that are not clears', code: driver(`    self.cache?.set('x', 1);`) },
  ],
  invalid: [
    invalid('disposing the private data from unbind', driver(`    self[Symbol.dispose](); // !`), 'release'),
    invalid('release methods on driver resources', driver(`    self.release(); // !`), 'release'),
    invalid('delete and clearing fields of Self', driver(`    delete self.cache; // !\n    self.cache = undefined; // !\n    (self as { cache?: unknown }).cache = null; // !`), 'deleteField', 'clearField', 'clearField'),
    invalid('in a helper that unbind calls', driver(`    shutdown(self);`, `${self}\nfunction shutdown(s: Self) {\n  s.release(); // !\n}`), 'release'),
  ],
});
