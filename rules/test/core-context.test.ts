import plugin from 'eslint-plugin-drvlint';
import { header, invalid, legacyDriver, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['core-context'];

ruleTester().run('core-context', rule, {
  valid: [
    {
      name: 'Core operations in probe on its own device',
      code: pciDriver(
        `    pdev.enableDeviceMem();\n    pdev.setMaster();\n    const d = pdev;\n    d.disableDevice();\n    return { dev: pdev.ref() };`,
      ),
    },
    {
      name: 'a destructuring assignment of the Core view to local names',
      code: pciDriver(
        `    let a: pci.Device<Core> | undefined;\n    ({ d: a } = { d: pdev });\n    [a] = [pdev];\n    a?.enableDeviceMem();\n    return {};`,
      ),
    },
    { name: 'Core operations in unbind on its own device', code: pciDriver(`    return {};`, { unbind: `    pdev.disableDevice();` }) },
    {
      name: 'an object, a local class and a generator over the Core view, all used up inside probe',
      code: pciDriver(
        `    for (const _ of bringUp(pdev)) void _;\n    const ops = {\n      go() {\n        pdev.setMaster();\n      },\n    };\n    ops.go();\n    class Local {\n      run(): void {\n        pdev.enableDeviceMem();\n      }\n    }\n    new Local().run();\n    return { later: watch(pdev.ref()) };`,
        {
          before: `function* bringUp(d: pci.Device<Core>): Generator<void> {\n  d.enableDeviceMem();\n  yield;\n  d.setMaster();\n}\nfunction* watch(d: ARef<pci.Device>): Generator<void> {\n  yield;\n  d.info('tick');\n}`,
        },
      ),
    },
    {
      name: "a local object's member that captures nothing, deferred; the one that captures the view, called now",
      code: pciDriver(
        `    const job = { tick: () => 1, go: () => pdev.setMaster() };\n    setTimeout(job.tick, 0);\n    job.go();\n    return {};`,
      ),
    },
    {
      name: 'a helper called synchronously with the Core view',
      code: pciDriver(`    configure(pdev);\n    return {};`, {
        before: `function configure(d: pci.Device<Core>) {\n  d.enableDeviceMem();\n  d.setMaster();\n}`,
      }),
    },
    {
      name: 'synchronous callbacks: array methods, tryAccessWith, an IIFE',
      code: pciDriver(
        `    [0, 1].forEach(() => pdev.setMaster());\n    const bar = pdev.iomapRegion(0, 'x');\n    bar.tryAccessWith((b) => pdev.info(String(b.size)));\n    (() => pdev.enableDeviceMem())();\n    return {};`,
      ),
    },
    {
      name: 'an ARef kept in Self, used from a timer',
      code: pciDriver(
        `    const dev = pdev.ref();\n    const t = hrtimer.create(() => { dev.info('tick'); return hrtimer.Restart.NoRestart; }).start(10);\n    return { dev, t };`,
      ),
    },
    {
      name: 'an async helper that uses the Core view before its first await',
      code: pciDriver(`    void prepare(pdev);\n    return {};`, {
        before: `async function prepare(d: pci.Device<Core>) {\n  d.enableDeviceMem();\n  const name = d.name;\n  await Promise.resolve();\n  return name;\n}`,
      }),
    },
    {
      name: 'a constructor that keeps an ARef, given an ARef',
      code: pciDriver(`    return new Self(pdev.ref());`, { before: `class Self {\n  constructor(readonly pdev: pci.Device) {}\n}` }),
    },
    {
      name: 'drop that uses an ARef',
      code: pciDriver(`    return new Self(pdev.ref());`, {
        before: `class Self implements Disposable {\n  constructor(readonly pdev: pci.Device) {}\n  [Symbol.dispose]() {\n    this.pdev.info('bye');\n  }\n}`,
      }),
    },
    {
      name: 'bind to an ARef or to plain data, an ARef as a timer argument, and an ARef on both branches into Self',
      code: pciDriver(
        `    const dev = pdev.ref();\n    setTimeout(dev.info.bind(dev, 'x'), 0);\n    setTimeout(console.log.bind(console, pdev.name), 0);\n    setTimeout((d: pci.Device) => d.info('x'), 0, dev);\n    return new Self(info > 1 ? pdev.ref() : dev);`,
        { before: `class Self {\n  constructor(readonly dev: pci.Device) {}\n}` },
      ),
    },
    {
      name: "a cast on the callback's own device is still that device (no-context-forgery reports an upgrade)",
      code: pciDriver(
        `    (pdev as pci.Device<Core>).setMaster();\n    const b = pdev as pci.Device<Bound>;\n    (b as pci.Device<Core>).enableDeviceMem();\n    return {};`,
      ),
    },
  ],
  invalid: [
    invalid(
      'stored in a module-level binding',
      pciDriver(`    last = pdev; // !\n    return {};`, { before: `let last: pci.Device | undefined;` }),
      'stored',
    ),
    {
      name: 'stored in module-level bindings by destructuring assignments, named by what they write',
      code: pciDriver(`    ({ dev: last } = { dev: pdev });\n    [mine] = [pdev];\n    return {};`, {
        before: `let last: pci.Device | undefined;\nlet mine: pci.Device<Core> | undefined;`,
      }),
      errors: [
        { messageId: 'stored', line: 8, data: { value: 'The Core device `pdev`', target: 'module-level `last`', ref: 'pdev.ref()' } },
        { messageId: 'stored', line: 9, data: { value: 'The Core device `pdev`', target: 'module-level `mine`', ref: 'pdev.ref()' } },
      ],
    },
    invalid('stored in the private data', pciDriver(`    return { pdev }; // !`), 'stored'),
    invalid(
      'kept in the private data by an object whose method captures it',
      pciDriver(`    const ops = {\n      go() {\n        pdev.setMaster();\n      },\n    };\n    return { ops }; // !`),
      'stored',
    ),
    invalid(
      'kept in the private data by a closure over a local class instance whose method captures it',
      pciDriver(
        `    class Local {\n      run(): void {\n        pdev.enableDeviceMem();\n      }\n    }\n    const l = new Local();\n    return { later: () => l.run() }; // !`,
      ),
      'stored',
    ),
    invalid(
      "a local object's function member that captures the view, deferred",
      pciDriver(`    const job = { run: () => pdev.info('late') };\n    setTimeout(job.run, 0); // !\n    return {};`),
      'deferred',
    ),
    invalid(
      'kept in the private data by a generator it was given',
      pciDriver(`    return { steps: bringUp(pdev) }; // !`, {
        before: `function* bringUp(d: pci.Device<Core>): Generator<void> {\n  yield;\n  d.setMaster();\n}`,
      }),
      'stored',
    ),
    invalid(
      'a field typed with the Core context',
      pciDriver(`    return new Self(pdev);`, { before: `class Self {\n  constructor(readonly pdev: pci.Device<Core>) {} // !\n}` }),
      'field',
    ),
    invalid(
      'passed to a constructor that keeps it as a Normal device',
      pciDriver(`    return new Self(pdev); // !`, { before: `class Self {\n  constructor(readonly pdev: pci.Device) {}\n}` }),
      'storedByHelper',
    ),
    invalid(
      'passed to a helper in another file that keeps it',
      `import { Holder } from './helpers/store.js';\n${pciDriver(`    return new Holder(pdev); // !`)}`,
      'storedByHelper',
    ),
    invalid('a closure handed to setTimeout', pciDriver(`    setTimeout(() => pdev.setMaster(), 10); // !\n    return {};`), 'deferred'),
    invalid(
      'a closure handed to an hrtimer',
      pciDriver(
        `    const t = hrtimer.create(() => { pdev.setMaster(); return hrtimer.Restart.NoRestart; }).start(5); // !\n    return { t };`,
      ),
      'deferred',
    ),
    invalid(
      'an IRQ handler object that captures the Core view',
      pciDriver(
        `    const irqReg = pdev.requestIrq(0, 'x', { handle: () => { pdev.setMaster(); return irq.Return.Handled; } }); // !\n    return { irqReg };`,
      ),
      'deferred',
    ),
    invalid(
      'a promise continuation',
      pciDriver(`    void Promise.resolve().then(() => pdev.setMaster()); // !\n    return {};`),
      'deferred',
    ),
    invalid(
      'used after an await',
      pciDriver(`    void later(pdev);\n    return {};`, {
        before: `async function later(d: pci.Device<Core>) {\n  await Promise.resolve();\n  d.setMaster(); // !\n}`,
      }),
      'afterAwait',
    ),
    invalid(
      'used from drop through a stored Core field',
      pciDriver(`    return new Self(pdev);`, {
        before: `class Self implements Disposable {\n  constructor(readonly pdev: pci.Device<Core>) {} // !\n  [Symbol.dispose]() {\n    this.pdev.disableDevice(); // !!\n  }\n}`,
      }),
      'field',
      'inDispose',
      'storedView',
    ),
    invalid(
      'a Core-only call on a view forged by a cast, in an operational function and in an IRQ handler',
      pciDriver(
        `    const dev = pdev.ref();\n    const r = pdev.requestIrq(0, 'x', {\n      handle: (d) => {\n        const core = d as unknown as pci.Device<Core>;\n        core.setMaster(); // !\n        (dev as pci.Device<Core>).enableDeviceMem(); // !\n        return irq.Return.Handled;\n      },\n    });\n    return { dev, r };`,
        { before: `export function kick(raw: pci.Device): void {\n  (raw as pci.Device<Core>).setMaster(); // !\n}` },
      ),
      'forgedView',
      'forgedView',
      'forgedView',
    ),
    invalid(
      'the Core view deferred without a closure: bind, an extra timer argument, a promise that resolves to it',
      pciDriver(
        `    setTimeout(pdev.info.bind(pdev, 'x'), 0); // !\n    queueMicrotask(pdev.setMaster.bind(pdev)); // !\n    setTimeout((d: pci.Device<Core>) => d.setMaster(), 0, pdev); // !\n    void Promise.resolve(pdev).then((d) => d.setMaster()); // !\n    return {};`,
      ),
      'deferred',
      'deferred',
      'deferred',
      'deferred',
    ),
    {
      name: 'the suggestion is written from the expression: no .ref() on an assertion or a literal',
      code: pciDriver(`    const a = new Self(pdev as pci.Device);\n    const b = new Keep([pdev]);\n    return { a, b };`, {
        before: `class Self {\n  constructor(readonly dev: pci.Device) {}\n}\nclass Keep {\n  constructor(readonly devs: pci.Device[]) {}\n}`,
      }),
      errors: [
        {
          message:
            'The Core device `pdev` is passed to `Self`, which keeps it in field `dev` of `Self` (file.ts:3), but a Core view is only valid until its callback returns; pass `pdev.ref()` instead.',
        },
        {
          message:
            '`[pdev]` (holding the Core device `pdev`) is passed to `Keep`, which keeps it in field `devs` of `Keep` (file.ts:6), but a Core view is only valid until its callback returns; pass `[pdev.ref()]` instead.',
        },
      ],
    },
    invalid(
      'a Core view reaching Self through ?: or ??',
      pciDriver(
        `    const maybe: pci.Device<Core> | undefined = info > 2 ? pdev : undefined;\n    const a = new Self(info > 1 ? pdev : pdev.ref()); // !\n    const b = new Self(maybe ?? pdev.ref()); // !\n    return { a, b };`,
        { before: `class Self {\n  constructor(readonly dev: pci.Device) {}\n}` },
      ),
      'storedByHelper',
      'storedByHelper',
    ),
    invalid(
      'a legacy class driver: the static probe keeps its Core view, and remove() defers it',
      legacyDriver(
        `  static probe(pdev: pci.Device<Core>): object {\n    last = pdev; // !\n    return {};\n  }\n  static remove(pdev: pci.Device<Core>, _data: object): void {\n    setTimeout(() => pdev.disableDevice(), 10); // !\n  }`,
        { before: `let last: pci.Device | undefined;\n` },
      ),
      'stored',
      'deferred',
    ),
    invalid(
      'in probe, a Core-only call on a device that is not the one probe was given',
      pciDriver(`    const other = pdev.ref();\n    (<pci.Device<Core>>other).setMaster(); // !\n    return {};`),
      'forgedView',
    ),
    invalid(
      'a Core-only operation on a stored view in unbind',
      `${header}class Self {\n  constructor(readonly dev: pci.Device<Core>) {} // !\n}\nexport const drv = pci.driver({\n  name: 'x',\n  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),\n  probe: (pdev: pci.Device<Core>) => new Self(pdev),\n  unbind(pdev, self) {\n    self.dev.setMaster(); // !\n    pdev.disableDevice();\n  },\n});\n`,
      'field',
      'storedView',
    ),
  ],
});

// A callback is deferred unless it is known to run synchronously (rules.md, Clarifications 2026-12-07).
ruleTester().run('core-context: callbacks that may run later', rule, {
  valid: [
    {
      name: 'Array iteration and the Promise executor run their callback before returning',
      code: pciDriver(
        `    [1, 2].forEach(() => pdev.setMaster());\n    void [pdev].map((d) => d.setMaster());\n    void new Promise<void>((resolve) => {\n      pdev.setMaster();\n      resolve();\n    });\n    return {};`,
      ),
    },
    {
      name: 'a timer cleared on every path before probe can return never runs',
      code: pciDriver(
        `    const g = setTimeout(() => pdev.err('probe timed out'), 5000);\n    pdev.setMaster();\n    clearTimeout(g);\n    return {};`,
      ),
    },
  ],
  invalid: [
    invalid(
      'a bound method, a renamed timer import, a const alias of a sink, and code drvlint cannot see',
      pciDriver(
        `    const log = pdev.info.bind(pdev);\n    setTimeout(() => log('late'), 10); // !\n    every(() => pdev.setMaster(), 10); // !\n    defer(() => pdev.setMaster()); // !\n    schedule(() => pdev.setMaster()); // !\n    return {};`,
        {
          before: `import { setInterval as every } from 'node:timers';\nconst defer = queueMicrotask;\ndeclare function schedule(cb: () => void): void;`,
        },
      ),
      'deferred',
      'deferred',
      'deferred',
      'mayDefer',
    ),
    invalid(
      'a timer cleared on some paths only',
      pciDriver(
        `    const g = setTimeout(() => pdev.setMaster(), 5000); // !\n    if (info > 1) return {};\n    clearTimeout(g);\n    return {};`,
      ),
      'deferred',
    ),
    invalid(
      'a function over the view called after an await, directly or in a helper',
      pciDriver(
        `    const later = () => pdev.setMaster();\n    void (async () => {\n      await Promise.resolve();\n      later(); // !\n    })();\n    defer(() => pdev.setMaster()); // !\n    return {};`,
        { before: `function defer(f: () => void): void {\n  void (async () => {\n    await Promise.resolve();\n    f();\n  })();\n}` },
      ),
      'afterAwait',
      'deferred',
    ),
    invalid(
      'the body of a for await loop runs after an await',
      `${header}async function* ticks(): AsyncGenerator<number> {\n  yield 1;\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  async probe(pdev: pci.Device<Core>) {\n    for await (const t of ticks()) pdev.info(\`\${t}\`); // !\n    return {};\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      'afterAwait',
    ),
  ],
});
