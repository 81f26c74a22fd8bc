import plugin from 'eslint-plugin-drvlint';
import { header, invalid, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['no-escape'];

const pool = `
class Pool<K, V> {
  readonly #items = new Map<K, V>();
  put(key: K, value: V): void {
    this.#items.set(key, value);
  }
}`;
const queues = `
class Queue {
  n = 0;
}
class Self implements Disposable {
  constructor(readonly pdev: pci.Device, readonly queues: Queue[]) {}
  [Symbol.dispose]() {}
}`;

const selfClass = `
class Self implements Disposable {
  constructor(readonly pdev: pci.Device, readonly bar: Devres<pci.Bar>) {}
  [Symbol.dispose]() {}
}`;

ruleTester().run('no-escape', rule, {
  valid: [
    {
      name: 'names destructured from local objects or parameters stay local',
      code: pciDriver(
        `    const r = pdev.ref();\n    const { n } = { n: new Map<string, unknown>() };\n    n.set('a', r);\n    const [s] = [new Set<unknown>()];\n    s.add(r);\n    keep({ m: new Map() }, r);\n    return { n, s };`,
        { before: `function keep({ m }: { m: Map<string, unknown> }, v: unknown) {\n  m.set('k', v);\n}` },
      ),
    },
    {
      name: 'pdev.ref() kept in Self',
      code: pciDriver(`    return new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));`, { before: selfClass }),
    },
    {
      name: 'destructuring assignments of plain data to module-level names, and of driver values to local ones',
      code: pciDriver(
        `    let mine: pci.Device | undefined;\n    ({ name: lastName, dev: mine } = { name: pdev.name, dev: pdev.ref() });\n    [count] = [count + 1];\n    ({ n: count } = { n: 2, ...{} });\n    void mine;\n    return {};`,
        { before: `let lastName = '';\nlet count = 0;` },
      ),
    },
    {
      name: 'a local Map inside probe dies with probe',
      code: pciDriver(
        `    const m = new Map<string, pci.Device>();\n    m.set('a', pdev);\n    const list = [pdev];\n    list.push(pdev);\n    return {};`,
      ),
    },
    {
      name: 'kernel API calls stay inside the driver world',
      code: pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    Devres.new(pdev, { bar });\n    auxiliary.Registration.new(pdev, 'aux', 0, 'd');\n    bar.access(pdev).write32(1, 0);\n    return { bar };`,
      ),
    },
    {
      name: 'primitives read from a device into module-level state',
      code: pciDriver(
        `    lastName = pdev.name;\n    vendors.push(pdev.vendorId());\n    probes++;\n    seen.add(pdev.name);\n    return {};`,
        { before: `let lastName = '';\nconst vendors: number[] = [];\nlet probes = 0;\nconst seen = new Set<string>();` },
      ),
    },
    {
      name: 'a frozen module-level table of plain numbers',
      code: pciDriver(`    return { reg: REGS[info] ?? 0 };`, { before: `const REGS = Object.freeze([0x10, 0x14, 0x18]);` }),
    },
    {
      name: 'a timer closure over the private data is the kernel API, not the world',
      code: pciDriver(
        `    const self = { pdev: pdev.ref(), count: 0, t: undefined as hrtimer.Handle | undefined };\n    self.t = hrtimer.create(() => { self.count++; return hrtimer.Restart.NoRestart; }).start(10);\n    return self;`,
      ),
    },
    {
      name: 'a work item whose handle is kept',
      code: pciDriver(
        `    const name = pdev.ref();\n    const work = workqueue.system.enqueue(() => name.info('hi'));\n    return { work };`,
      ),
    },
    {
      name: 'a helper in another file that only reads its argument',
      code: `import { describe } from './helpers/store.js';\n${pciDriver(`    describe(pdev);\n    return {};`)}`,
    },
    {
      name: 'awaited promises',
      code: pciDriver(`    void 0;\n    return {};`, {
        before: `async function settle(d: pci.Device): Promise<string> {\n  await Promise.resolve();\n  return d.name;\n}\nexport async function run(d: pci.Device) {\n  await settle(d);\n  return Promise.resolve(d).then((x) => x.name);\n}`,
      }),
    },
    {
      name: 'module-level state that holds no driver value',
      code: pciDriver(`    registry.count += 1;\n    registry.names.push(pdev.name);\n    return {};`, {
        before: `const registry = { count: 0, names: [] as string[] };`,
      }),
    },
    {
      name: 'a pool that is a probe local dies with probe',
      code: pciDriver(
        `    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    const p = new Pool<string, Self>();\n    p.put(pdev.name, self);\n    return self;`,
        { before: `${selfClass}${pool}` },
      ),
    },
    {
      name: 'a module-level pool given plain data, and numbers read out of elements of Self',
      code: pciDriver(
        `    const self = new Self(pdev.ref(), [new Queue()]);\n    shared.put(pdev.name, pdev.vendorId());\n    counts.push(self.queues[0]?.n ?? 0);\n    const { n } = self.queues[0] ?? { n: 0 };\n    counts.push(n);\n    return self;`,
        { before: `${queues}${pool}\nconst shared = new Pool<string, number>();\nconst counts: number[] = [];` },
      ),
    },
    {
      name: 'a descriptor kept in let and swapped is static data, not private data (static-driver reports the let)',
      code: `${header}class Self {\n  constructor(readonly pdev: pci.Device) {}\n}\nconst a = pci.driver({ name: 'a', idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]), probe: (pdev: pci.Device<Core>) => new Self(pdev.ref()) });\nconst b = pci.driver({ name: 'b', idTable: pci.idTable([[pci.DeviceId.fromId(1, 3), 0]]), probe: (pdev: pci.Device<Core>) => new Self(pdev.ref()) });\nexport let active = a;\nexport function swap(): void {\n  active = active === a ? b : a;\n}\n`,
    },
    {
      name: 'a function probe runs where it is written keeps its variables only for the call',
      code: pciDriver(
        `    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    (() => {\n      const tmp: unknown[] = [];\n      tmp.push(self);\n    })();\n    return self;`,
        {
          before: selfClass,
        },
      ),
    },
  ],
  invalid: [
    invalid(
      'the variables of a function the module runs as it loads (the module pattern), reached through its closures',
      pciDriver(`    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    tracker.add(self); // !\n    return self;`, {
        before: `${selfClass}\nconst tracker = (() => {\n  const seen: unknown[] = [];\n  return { add: (x: unknown) => seen.push(x) };\n})();`,
      }),
      'storedByHelper',
    ),
    invalid(
      'a helper that keeps its argument in a list parameter whose default is module state, called without it',
      pciDriver(
        `    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    keep(self); // !\n    keep(self, []);\n    return self;`,
        {
          before: `${selfClass}\nconst all: unknown[] = [];\nfunction keep(x: unknown, store: unknown[] = all): void {\n  store.push(x);\n}`,
        },
      ),
      'storedByHelper',
    ),
    invalid(
      'module-level let',
      pciDriver(`    last = pdev; // !\n    return {};`, { before: `let last: pci.Device | undefined;` }),
      'stored',
    ),
    invalid(
      'destructuring assignments to module-level names, from literals and from the private data',
      pciDriver(
        `    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    ({ dev: last } = { dev: pdev.ref() }); // !\n    [, keptBar = undefined] = [0, self.bar]; // !\n    ({ pdev: owner, ...rest } = self); // !!\n    return self;`,
        {
          before: `${selfClass}\nlet last: pci.Device | undefined;\nlet keptBar: Devres<pci.Bar> | undefined;\nlet owner: pci.Device | undefined;\nlet rest: object = {};`,
        },
      ),
      'stored',
      'stored',
      'stored',
      'stored',
    ),
    invalid(
      'module-level Map of private data',
      pciDriver(
        `    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    cache.set(pdev.name, self); // !\n    return self;`,
        { before: `${selfClass}\nconst cache = new Map<string, Self>();` },
      ),
      'stored',
    ),
    invalid(
      'module-level Set, array and WeakMap',
      pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    bars.add(bar); // !\n    refs.push(pdev.ref()); // !\n    meta.set(pdev, 1); // !\n    return {};`,
        { before: `const bars = new Set<Devres<pci.Bar>>();\nconst refs: pci.Device[] = [];\nconst meta = new WeakMap<object, number>();` },
      ),
      'stored',
      'stored',
      'stored',
    ),
    invalid(
      'a field of a module-level object',
      pciDriver(`    const self = { pdev: pdev.ref() };\n    registry.last = self; // !\n    return self;`, {
        before: `const registry: { last?: object } = {};`,
      }),
      'stored',
    ),
    invalid('globalThis', pciDriver(`    (globalThis as Record<string, unknown>).dev = pdev.ref(); // !\n    return {};`), 'stored'),
    invalid(
      'static class members',
      pciDriver(`    Registry.devices.push(pdev.ref()); // !\n    Registry.current = pdev.iomapRegion(0, 'x'); // !\n    return {};`, {
        before: `class Registry {\n  static devices: pci.Device[] = [];\n  static current: unknown;\n}`,
      }),
      'stored',
      'stored',
    ),
    invalid(
      'closures passed to timers',
      pciDriver(
        `    const self = { pdev: pdev.ref() };\n    setTimeout(() => self.pdev.info('late'), 10); // !\n    setInterval(() => self, 10); // !\n    queueMicrotask(() => void self); // !\n    return self;`,
      ),
      'closureSink',
      'closureSink',
      'closureSink',
    ),
    invalid(
      'process listeners and a module-level EventEmitter',
      `import { EventEmitter } from 'node:events';\n${pciDriver(`    const dev = pdev.ref();\n    process.on('exit', () => dev.info('bye')); // !\n    bus.on('event', () => dev.info('event')); // !\n    return {};`, { before: `const bus = new EventEmitter();` })}`,
      'listener',
      'listener',
    ),
    invalid(
      'a promise chain that is never awaited',
      pciDriver(`    const dev = pdev.ref();\n    Promise.resolve(1).then(() => dev.info('later')); // !\n    return {};`),
      'floating',
    ),
    invalid(
      'a work item whose handle is dropped',
      pciDriver(`    const dev = pdev.ref();\n    workqueue.system.enqueue(() => dev.info('work')); // !\n    return {};`),
      'droppedWork',
    ),
    invalid(
      'names destructured at module level are module-level storage, and a local destructured alias of it is too',
      `import { pool } from './helpers/store.js';\n${pciDriver(`    const r = pdev.ref();\n    items.set('a', r); // !\n    renamed.push(r); // !\n    first.add(r); // !\n    deep.set('b', r); // !\n    later.set('c', r); // !\n    const { items: mine } = shelf;\n    mine.set('d', r); // !\n    pool('e', r); // !\n    return {};`, { before: `const shelf = { items: new Map<string, unknown>(), list: [] as unknown[], nested: { inner: new Map<string, unknown>() } };\nconst { items } = shelf;\nconst { list: renamed } = shelf;\nconst [first] = [new Set<unknown>()];\nconst { nested: { inner: deep } } = shelf;\nlet { items: later } = shelf;\nexport function reset() {\n  later = new Map();\n}` })}`,
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'storedByHelper',
    ),
    invalid(
      "storing a name destructured from unbind's self parameter",
      `${header}class Stats {\n  hits = 0;\n}\nclass Self {\n  constructor(readonly dev: ARef<pci.Device>, readonly stats: Stats) {}\n}\nlet kept: unknown;\nlet keptStats: unknown;\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(pdev.ref(), new Stats());\n  },\n  unbind(pdev, { dev, stats }) {\n    kept = dev; // !\n    keptStats = stats; // !\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      'stored',
      'stored',
    ),
    invalid(
      'a helper in another file that stores its argument',
      `import { remember, rememberLater } from './helpers/store.js';\n${pciDriver(`    const self = { pdev: pdev.ref() };\n    remember(self); // !\n    rememberLater(pdev.iomapRegion(0, 'x')); // !\n    return self;`)}`,
      'storedByHelper',
      'storedByHelper',
    ),
    invalid(
      'a typed helper in this file is reported where it stores',
      pciDriver(`    keep(pdev.ref());\n    return {};`, {
        before: `let kept: pci.Device | undefined;\nfunction keep(d: pci.Device) {\n  kept = d; // !\n}`,
      }),
      'stored',
    ),
    invalid(
      'aliased and namespaced imports',
      `import { pci as bus, module as mod, type Core as C } from '@drvlint/kernel';\nimport * as k from '@drvlint/kernel';\nlet a: unknown;\nlet b: unknown;\nconst drv = bus.driver({\n  name: 'x',\n  idTable: k.pci.idTable([[k.pci.DeviceId.fromId(1, 2), 0]]),\n  probe(pdev: k.pci.Device<C>) {\n    a = pdev.ref(); // !\n    b = { r: pdev.iomapRegion(0, 'x') }; // !\n    return {};\n  },\n});\nexport default mod({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [drv] });\n`,
      'stored',
      'stored',
    ),
    invalid(
      "helpers named through a namespace import and a class's static method (a callee that narrowing never touches)",
      `import * as store from './helpers/store.js';\n${pciDriver(`    store.remember(pdev.ref()); // !\n    Keeper.keep(pdev.iomapRegion(0, 'x')); // !\n    return {};`, { before: `class Keeper {\n  static keep(x: unknown): void {\n    store.remember(x);\n  }\n}` })}`,
      'storedByHelper',
      'storedByHelper',
    ),
    invalid(
      'a project-local re-export',
      `import { bus, type CoreCtx } from './helpers/reexport.js';\nconst all: object[] = [];\nexport const drv = bus.driver({\n  name: 'x',\n  idTable: bus.idTable([[bus.DeviceId.fromId(1, 2), 0]]),\n  probe: (pdev: bus.Device<CoreCtx>) => {\n    all.push(pdev.ref()); // !\n    return {};\n  },\n});\n`,
      'stored',
    ),
    invalid(
      'a wrapper around pci.driver, with an object-literal Self',
      `import { makePciDriver } from './helpers/wrap.js';\n${header}const live: unknown[] = [];\nexport const drv = makePciDriver({\n  name: 'x',\n  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),\n  probe: function (pdev: pci.Device<Core>) {\n    const self = { dev: pdev.ref(), irq: 3 };\n    live.push(self); // !\n    return self;\n  },\n});\n`,
      'stored',
    ),
    invalid(
      'probe as a function declared elsewhere in the file',
      `${header}let kept: unknown;\nfunction probe(pdev: pci.Device<Core>) {\n  kept = pdev.ref(); // !\n  return {};\n}\nexport const drv = pci.driver({ name: 'x', idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]), probe });\n`,
      'stored',
    ),
    invalid(
      'an exported mutable binding',
      pciDriver(`    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    current = self; // !\n    return self;`, {
        before: `${selfClass}\nexport let current: Self | undefined;`,
      }),
      'stored',
    ),
    invalid(
      'a local alias of a module-level container',
      pciDriver(`    const c = cache;\n    c.push(pdev.ref()); // !\n    return {};`, { before: `const cache: object[] = [];` }),
      'stored',
    ),
    invalid(
      'spread into a module-level array',
      pciDriver(`    const mine = [pdev.ref()];\n    all.push(...mine); // !\n    return {};`, { before: `const all: object[] = [];` }),
      'stored',
    ),
    invalid(
      'Object.assign into a module-level object',
      pciDriver(`    Object.assign(state, { dev: pdev.ref() }); // !\n    return {};`, {
        before: `const state: Record<string, unknown> = {};`,
      }),
      'stored',
    ),
    invalid(
      'a generic method of a module-level object stores into its private Map',
      pciDriver(`    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n    pool.put(pdev.name, self); // !\n    return self;`, {
        before: `${selfClass}${pool}\nconst pool = new Pool<string, Self>();`,
      }),
      'storedByHelper',
    ),
    invalid(
      'a module-level registry in another file, directly and through another of its methods',
      `import { registry } from './helpers/store.js';\n${pciDriver(`    const bar = pdev.iomapRegion(0, 'x');\n    registry.keep(bar); // !\n    registry.keepAll(pdev.ref()); // !\n    return { bar };`)}`,
      'storedByHelper',
      'storedByHelper',
    ),
    invalid(
      'a closure over an element of Self, handed to a timer',
      pciDriver(
        `    const self = new Self(pdev.ref(), [new Queue()]);\n    const q0 = self.queues[0];\n    queueMicrotask(() => { if (q0) q0.n++; }); // !\n    return self;`,
        { before: queues },
      ),
      'closureSink',
    ),
    invalid(
      'elements and destructured fields of Self pushed into module-level storage',
      pciDriver(
        `    const self = new Self(pdev.ref(), [new Queue()]);\n    late.push(self.queues[0]!); // !\n    const { queues } = self;\n    lists.add(queues); // !\n    return self;`,
        { before: `${queues}\nconst late: Queue[] = [];\nconst lists = new Set<Queue[]>();` },
      ),
      'stored',
      'stored',
    ),
    invalid(
      'elements of Self walked with for…of and forEach, pushed into module-level storage',
      pciDriver(
        `    const self = new Self(pdev.ref(), [new Queue()]);\n    for (const q of self.queues) late.push(q); // !\n    self.queues.forEach((q) => late.push(q)); // !\n    return self;`,
        { before: `${queues}\nconst late: Queue[] = [];` },
      ),
      'stored',
      'stored',
    ),
    invalid(
      'an element of Self stored from one of its own methods',
      `${header}class Queue {\n  n = 0;\n}\nconst busy: Queue[] = [];\nclass Self {\n  constructor(readonly pdev: pci.Device, readonly queues: Queue[]) {}\n  park(): void {\n    busy.push(this.queues[0]!); // !\n  }\n}\nexport const drv = pci.driver({ name: 'x', idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]), probe: (pdev: pci.Device<Core>) => new Self(pdev.ref(), []) });\n`,
      'stored',
    ),
    invalid(
      'a function bound to a driver value, handed to a timer',
      pciDriver(`    const dev = pdev.ref();\n    setTimeout(dev.info.bind(dev, 'late'), 10); // !\n    return { dev };`),
      'closureSink',
    ),
    // Callees are first typed from declared types (callee-types): calls whose declared types say less than flow analysis must still be found.
    invalid(
      'a promise from a generic helper and from an overload, never awaited',
      pciDriver(`    const dev = pdev.ref();\n    later(dev); // !\n    settle(dev); // !\n    settle(1);\n    return {};`, {
        before: `function later<T>(x: T): Promise<T> {\n  return Promise.resolve(x);\n}\nfunction settle(n: number): void;\nfunction settle(d: pci.Device): Promise<void>;\nfunction settle(_x: unknown): Promise<void> | void {\n  return undefined;\n}`,
      }),
      'floating',
      'floating',
    ),
    invalid(
      'a work queue reached through a narrowed union',
      pciDriver(`    const dev = pdev.ref();\n    if (sink.kind === 'wq') sink.q.enqueue(() => dev.info('work')); // !\n    return {};`, {
        before: `const sink: { kind: 'wq'; q: typeof workqueue.system } | { kind: 'none' } = { kind: 'wq', q: workqueue.system };`,
      }),
      'droppedWork',
    ),
    invalid(
      'a work queue narrowed out of a union whose members share the method name',
      pciDriver(
        `    const dev = pdev.ref();\n    const q = pickQueue();\n    if (!(q instanceof LocalQueue)) q.enqueue(() => dev.info('work')); // !\n    return {};`,
        {
          before: `class LocalQueue {\n  enqueue(work: () => void): void {\n    work();\n  }\n}\ndeclare function pickQueue(): LocalQueue | typeof workqueue.system;`,
        },
      ),
      'droppedWork',
    ),
    invalid(
      // `instanceof` gives the interface's reference the kernel's class: its `enqueue` is what runs, not the interface's.
      'a work queue narrowed from an interface it implements',
      pciDriver(
        `    const dev = pdev.ref();\n    if (anyQueue instanceof workqueue.Queue) anyQueue.enqueue(() => dev.info('work')); // !\n    return {};`,
        {
          before: `interface Enqueues {\n  enqueue(work: () => void): unknown;\n}\ndeclare const anyQueue: Enqueues;`,
        },
      ),
      'droppedWork',
    ),
    invalid(
      'a storing method narrowed out of a union whose first member declares the method without a body',
      pciDriver(`    const k = pickKeeper();\n    if (k instanceof Leaky) k.keep(pdev.ref()); // !\n    return {};`, {
        before: `const leaked: object[] = [];\ndeclare class Quiet {\n  keep(x: object): void;\n}\nclass Leaky {\n  keep(x: object): void {\n    leaked.push(x);\n  }\n}\ndeclare function pickKeeper(): Quiet | Leaky;`,
      }),
      'storedByHelper',
    ),
    invalid(
      'a generic helper with one signature that stores its argument',
      pciDriver(`    keepAny(pdev.ref()); // !\n    return {};`, {
        before: `const kept: object[] = [];\nfunction keepAny<T extends object>(x: T): void {\n  kept.push(x);\n}`,
      }),
      'storedByHelper',
    ),
    invalid(
      'a helper in a variable, narrowed by assignment out of a union of two functions',
      pciDriver(`    let keep: typeof quiet | typeof leaky = quiet;\n    keep = leaky;\n    keep(pdev.ref()); // !\n    return {};`, {
        before: `const leaked: object[] = [];\nfunction quiet(_x: object): number {\n  return 0;\n}\nfunction leaky(x: object): string {\n  leaked.push(x);\n  return 'kept';\n}`,
      }),
      'storedByHelper',
    ),
    invalid(
      'an overloaded helper whose implementation stores its argument, and an overloaded method',
      pciDriver(`    keep(pdev.ref()); // !\n    keep(pdev.ref(), 1); // !\n    shelf.put(pdev.ref()); // !\n    return {};`, {
        before: `const leaked: object[] = [];\nfunction keep(x: object): void;\nfunction keep(x: object, n: number): void;\nfunction keep(x: object, _n?: number): void {\n  leaked.push(x);\n}\nclass Shelf {\n  put(x: object): void;\n  put(x: object, n: number): void;\n  put(x: object, _n?: number): void {\n    leaked.push(x);\n  }\n}\nconst shelf = new Shelf();`,
      }),
      'storedByHelper',
      'storedByHelper',
      'storedByHelper',
    ),
    invalid(
      'a promise given back by a generic that returns its argument, never awaited; the same generic given a device is no promise',
      pciDriver(
        `    const dev = pdev.ref();\n    const task = Promise.resolve(dev);\n    keep(task); // !\n    keep(dev);\n    keep(this);\n    return {};`,
        { before: `function keep<T>(x: T): T {\n  return x;\n}` },
      ),
      'floating',
    ),
    invalid(
      'a promise from a generic helper whose declared result is a mapped type',
      pciDriver(`    const dev = pdev.ref();\n    shaped(Promise.resolve(1), dev); // !\n    return {};`, {
        before: `function shaped<T extends object>(x: T, _d: pci.Device): Pick<T, keyof T> {\n  return x;\n}`,
      }),
      'floating',
    ),
    invalid(
      'a method that stores, reached through instanceof narrowing to the subclass that overrides it',
      pciDriver(`    const k: Keeper = pick();\n    if (k instanceof Leaky) k.keep(pdev.ref()); // !\n    return {};`, {
        before: `const leaked: object[] = [];\nclass Keeper {\n  keep(_x: object): void {}\n}\nclass Leaky extends Keeper {\n  override keep(x: object): void {\n    leaked.push(x);\n  }\n}\ndeclare function pick(): Keeper;`,
      }),
      'storedByHelper',
    ),
    invalid(
      'the private data registering itself from a method',
      `${header}const all = new Set<Self>();\nclass Self {\n  constructor(readonly pdev: pci.Device) {}\n  register() {\n    all.add(this); // !\n  }\n}\nexport const drv = pci.driver({ name: 'x', idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]), probe: (pdev: pci.Device<Core>) => new Self(pdev.ref()) });\n`,
      'stored',
    ),
  ],
});

// Unknown code may keep what it is given (rules.md, Clarifications 2026-12-07): a hand-off to code with no body here,
// with world storage as its receiver or another argument, is a store. Library members that keep nothing are exceptions,
// known by their declarations.
const selfProbe = (body: string, before: string) =>
  pciDriver(`    const self = new Self(pdev.ref(), pdev.iomapRegion(0, 'x'));\n${body}\n    return self;`, {
    before: `${selfClass}\n${before}`,
  });

ruleTester().run('no-escape: code drvlint cannot see', rule, {
  valid: [
    {
      name: 'library members that keep nothing, and library code given only local storage',
      code: selfProbe(
        `    console.log(self);\n    seen.get('x');\n    seen.has('x');\n    const local: unknown[] = [];\n    local.push(self);\n    local.push.apply(local, [self]);\n    Object.freeze(self);\n    JSON.stringify({ n: 1 });\n    Object.defineProperties({}, { last: { value: self } });\n    void new Map([['k', self]]);`,
        `const seen = new Map<string, number>();`,
      ),
    },
    {
      name: 'an ops table in a const, typed by an interface, exported or not: its members run what the literal holds, its own or a spread one',
      code: selfProbe(
        `    plainOps.configure(self);\n    plainOps.status(self);\n    prioOps.configure(self);\n    prioOps.status(self);\n    sharedOps.configure(self);`,
        `interface Ops {\n  configure(s: unknown): void;\n  status(s: unknown): number;\n}\nfunction configurePlain(s: unknown): void {\n  void s;\n}\nconst plainOps: Ops = {\n  configure: configurePlain,\n  status(s) {\n    return s === undefined ? 0 : 1;\n  },\n};\nconst prioOps: Ops = {\n  ...plainOps,\n  configure: (s) => configurePlain(s),\n};\nexport const sharedOps: Ops = { ...plainOps };`,
      ),
    },
    {
      name: 'a module-level value built from plain data, and a local one built from the private data',
      code: selfProbe(
        `    lastError = new Error('probe', { cause: 'no' });\n    const e = new Error('x', { cause: self });\n    void e;`,
        `let lastError: Error | undefined;`,
      ),
    },
  ],
  invalid: [
    invalid(
      'the library keeping what it is given, with world storage as receiver or argument',
      selfProbe(
        `    Object.defineProperties(state, { last: { value: self } }); // !\n    all.push.apply(all, [self]); // !\n    Reflect.apply(all.push, all, [self]); // !\n    Array.prototype.push.call(all, self); // !\n    registry.register(self, 'x'); // !\n    sink.next(self); // !`,
        `const state: Record<string, unknown> = {};\nconst all: unknown[] = [];\nconst registry = new FinalizationRegistry<unknown>(() => {});\nfunction* gen(): Generator<undefined, void, unknown> {\n  for (;;) yield;\n}\nconst sink = gen();`,
      ),
      'handedOff',
      'handedOff',
      'handedOff',
      'handedOff',
      'handedOff',
      'handedOff',
    ),
    invalid(
      'an ops table that code writes through: patched in its file, or exported and assigned a member',
      selfProbe(
        `    exportedOps.configure(self); // !\n    patchedOps.configure(self); // !`,
        `interface Ops {\n  configure(s: unknown): void;\n  status(s: unknown): number;\n}\nexport const exportedOps: Ops = { configure() {}, status: () => 0 };\nconst patchedOps: Ops = { configure() {}, status: () => 0 };\nexport function patch(o: Partial<Ops>): void {\n  Object.assign(patchedOps, o);\n  exportedOps.status = () => 1;\n}`,
      ),
      'handedOff',
      'handedOff',
    ),
    invalid(
      'an ops table member that keeps what it is given',
      selfProbe(
        `    keepingOps.configure(self); // !`,
        `interface Ops {\n  configure(s: unknown): void;\n  status(s: unknown): number;\n}\nconst kept: unknown[] = [];\nconst keepingOps: Ops = {\n  configure(s) {\n    kept.push(s);\n  },\n  status: () => 0,\n};`,
      ),
      'storedByHelper',
    ),
    invalid(
      'world storage reached through an expression: a library call on it, a let that holds it',
      selfProbe(
        `    byBus.get('pci')?.set('x', self); // !\n    let cache = new Map<string, unknown>();\n    cache = moduleCache;\n    cache.set('k', self); // !`,
        `const byBus = new Map<string, Map<string, unknown>>();\nconst moduleCache = new Map<string, unknown>();`,
      ),
      'handedOff',
      'stored',
    ),
    invalid(
      'a helper that keeps its second argument in its first, given world storage',
      selfProbe(
        `    keepIn(all, self); // !\n    const mine: unknown[] = [];\n    keepIn(mine, self);`,
        `const all: unknown[] = [];\nfunction keepIn(list: unknown[], x: unknown): void {\n  list.push(x);\n}`,
      ),
      'storedByHelper',
    ),
    invalid(
      'what library code builds from the private data holds it',
      selfProbe(`    lastError = new Error('bound', { cause: self }); // !`, `let lastError: Error | undefined;`),
      'stored',
    ),
  ],
});
