import plugin from 'eslint-plugin-drvlint';
import { header, invalid, legacyDriver, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['required-teardown'];
const start = `hrtimer.create(() => hrtimer.Restart.NoRestart).start(10)`;
const heldTimer = `class Self implements Disposable {\n  constructor(readonly timer: hrtimer.Handle) {}\n  [Symbol.dispose]() {}\n}`;
const withUnbind = (unbind: string, before = heldTimer) => pciDriver(`    return new Self(${start}); // !`, { before, unbind });
const timerList = `class Self implements Disposable {\n  constructor(readonly timers: hrtimer.Handle[], readonly byName: Map<string, hrtimer.Handle>) {}\n  [Symbol.dispose]() {}\n}`;
const twoTimers = (keep: string) => `    const a = ${start};\n    const b = ${start};\n${keep}`;
const ok = (unbind: string, before = heldTimer) => pciDriver(`    return new Self(${start});`, { before, unbind });

// A nova-core-shaped engine whose unbind must only be called from the driver's unbind.
const engine = `import { type RequiresTeardown, Device } from '@drvlint/kernel';
class Engine implements RequiresTeardown<'unbind'> {
  unbind(_dev: Device<Bound>): void {}
}
class Self {
  constructor(readonly engine: Engine) {}
}
function stopEngine(s: Self, dev: Device<Bound>): void {
  s.engine.unbind(dev);
}`;
const engineDriver = (probe: string, unbind: string, before = '') =>
  pciDriver(probe, { before: `${engine}${before}`, unbind, self: 'Self' });

ruleTester().run('required-teardown', rule, {
  valid: [
    { name: 'cancelled in unbind', code: ok(`    self.timer.cancel();`) },
    {
      name: 'an unbind handed through a wrapper that calls it with its own arguments is read as the unbind',
      code: `${header}${heldTimer}\nfunction logged<A extends unknown[], R>(f: (...a: A) => R): (...a: A) => R {\n  return (...a) => {\n    console.log('call');\n    return f(...a);\n  };\n}\nconst traced = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => f(...a);\nfunction realUnbind(_pdev: pci.Device<Core>, self: Self) {\n  self.timer.cancel();\n}\nconst table = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]);\nconst a = pci.driver({ name: 'a', idTable: table, probe: (_p: pci.Device<Core>) => new Self(${start}), unbind: logged(realUnbind) });\nconst b = pci.driver({ name: 'b', idTable: table, probe: (_p: pci.Device<Core>) => new Self(${start}), unbind: traced(realUnbind) });\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [a, b] });\n`,
    },
    {
      name: 'an unbind that cannot be read (picked from a table at run time, or brought in by a spread) is not judged',
      code: `${header}${heldTimer}\nfunction realUnbind(_pdev: pci.Device<Core>, self: Self) {\n  self.timer.cancel();\n}\nconst handlers = new Map([['x', realUnbind]]);\nconst common = { unbind: realUnbind };\nconst table = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]);\nconst picked = pci.driver({ name: 'a', idTable: table, probe: (_p: pci.Device<Core>) => new Self(${start}), unbind: handlers.get('x')! });\nconst spread = pci.driver({ ...common, name: 'b', idTable: table, probe: (_p: pci.Device<Core>) => new Self(${start}) });\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [picked, spread] });\n`,
    },
    {
      name: "cancelled through unbind's destructured self parameter",
      code: `${header}class Self {\n  constructor(readonly timer: hrtimer.Handle, readonly inner = { t: ${start} }) {}\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(${start});\n  },\n  unbind(pdev, { timer, inner: { t } }) {\n    timer.cancel();\n    t.cancel();\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
    },
    {
      name: 'cancelled through a name destructured from Self, nested and renamed too',
      code: ok(
        `    const { timer } = self;\n    timer.cancel();\n    const { inner: { t: second } } = self;\n    second.cancel();`,
        `class Self {\n  constructor(readonly timer: hrtimer.Handle, readonly inner = { t: ${start} }) {}\n}`,
      ),
    },
    {
      name: 'cancelled in drop through a name destructured from this',
      code: pciDriver(`    return new Self(${start});`, {
        before: `class Self implements Disposable {\n  constructor(readonly timer: hrtimer.Handle) {}\n  [Symbol.dispose]() {\n    const { timer } = this;\n    timer.cancel();\n  }\n}`,
      }),
    },
    {
      name: 'unwound before a throw through a name destructured from the local that holds it',
      code: pciDriver(
        `    const parts = { timer: ${start} };\n    if (info > 3) {\n      const { timer } = parts;\n      timer.cancel();\n      throw new KernelError(errno.EINVAL);\n    }\n    return new Self(parts.timer);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    {
      name: 'cancelled in drop',
      code: pciDriver(`    return new Self(${start});`, {
        before: `class Self implements Disposable {\n  constructor(readonly timer: hrtimer.Handle) {}\n  [Symbol.dispose]() {\n    this.timer.cancel();\n  }\n}`,
      }),
    },
    {
      name: 'cancelled on both branches of an if/else',
      code: ok(`    if (self.timer) {\n      self.timer.cancel();\n    } else {\n      self.timer.cancel();\n    }`),
    },
    {
      name: 'cancelled in every switch case',
      code: ok(
        `    switch (pdev.deviceId()) {\n      case 1:\n        self.timer.cancel();\n        break;\n      default:\n        self.timer.cancel();\n    }`,
      ),
    },
    {
      name: 'cancelled in finally, whatever happens in try',
      code: ok(`    try {\n      pdev.disableDevice();\n    } finally {\n      self.timer.cancel();\n    }`),
    },
    {
      name: 'made inside the private data, which probe drops on its error path',
      code: pciDriver(
        `    const s = new Self(${start});\n    if (info > 3) {\n      s[Symbol.dispose]();\n      throw new KernelError(errno.EINVAL);\n    }\n    return s;`,
        {
          before: `class Self implements Disposable {\n  constructor(readonly timer: hrtimer.Handle) {}\n  [Symbol.dispose]() { this.timer.cancel(); }\n}`,
        },
      ),
    },
    {
      name: 'made inside an object literal and cancelled through it',
      code: pciDriver(
        `    const parts = { timer: ${start} };\n    if (info > 3) {\n      parts.timer.cancel();\n      throw new KernelError(errno.EINVAL);\n    }\n    return new Self(parts.timer);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    {
      name: 'cancelled after a try/finally',
      code: ok(`    try {\n      pdev.disableDevice();\n    } finally {\n      pdev.info('disabled');\n    }\n    self.timer.cancel();`),
    },
    {
      name: 'cancelled before an early return',
      code: ok(`    self.timer.cancel();\n    if (pdev.deviceId() === 0) return;\n    pdev.disableDevice();`),
    },
    {
      name: 'an optional field cancelled with ?.',
      code: pciDriver(`    return new Self(${start});`, {
        before: `class Self {\n  timer?: hrtimer.Handle;\n  constructor(t: hrtimer.Handle) { this.timer = t; }\n}`,
        unbind: `    self.timer?.cancel();`,
      }),
    },
    {
      name: 'a helper that tears down its parameter, in another function',
      code: pciDriver(`    return new Self(${start});`, {
        before: `${heldTimer}\nfunction stop(s: Self) {\n  s.timer.cancel();\n}`,
        unbind: `    stop(self);`,
      }),
    },
    {
      name: 'an implements brand torn down through a method that tears down its own fields',
      code: pciDriver(`    return { gpu: new Gpu(${start}) };`, {
        before: `import { type RequiresTeardown } from '@drvlint/kernel';\nclass Gpu implements RequiresTeardown<'unbind'> {\n  readonly #t: hrtimer.Handle;\n  constructor(t: hrtimer.Handle) { this.#t = t; }\n  unbind(): void {\n    this.#t.cancel();\n  }\n}`,
        unbind: `    self.gpu.unbind();`,
      }),
    },
    {
      name: 'probe cancels on its error path before throwing',
      code: pciDriver(
        `    const t = ${start};\n    if (info > 3) {\n      t.cancel();\n      throw new KernelError(errno.EINVAL);\n    }\n    return new Self(t);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    {
      name: 'probe unwinds in catch and rethrows',
      code: pciDriver(
        `    const t = ${start};\n    try {\n      if (info > 3) throw new KernelError(errno.EINVAL);\n    } catch (e) {\n      t.cancel();\n      throw e;\n    }\n    return new Self(t);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    { name: 'a timer used and cancelled within probe', code: pciDriver(`    const t = ${start};\n    t.cancel();\n    return {};`) },
    {
      name: 'a work handle kept and cancelled in drop',
      code: pciDriver(`    const w = workqueue.system.enqueue(() => {});\n    return new Self(w);`, {
        before: `class Self implements Disposable {\n  constructor(readonly w: workqueue.WorkHandle) {}\n  [Symbol.dispose]() { this.w.cancelSync(); }\n}`,
      }),
    },
    {
      name: 'tryAccess-free timer callback that does not tear anything down',
      code: pciDriver(`    const t = hrtimer.create(() => hrtimer.Restart.Restart).start(5);\n    return new Self(t);`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();`,
      }),
    },
    {
      name: 'collections of handles: an array cancelled with for…of, a map with values() and with forEach',
      code: pciDriver(twoTimers(`    const m = new Map<string, hrtimer.Handle>();\n    m.set('b', b);\n    return new Self([a], m);`), {
        before: timerList,
        unbind: `    for (const t of self.timers) t.cancel();\n    for (const t of self.byName.values()) {\n      pdev.info('stopping');\n      t.cancel();\n    }`,
      }),
    },
    {
      name: 'collections of handles: a map walked as entries, an array with forEach, in drop',
      code: pciDriver(
        twoTimers(`    const timers: hrtimer.Handle[] = [];\n    timers.push(a);\n    return new Self(timers, new Map([['b', b]]));`),
        {
          before: `class Self implements Disposable {\n  constructor(readonly timers: hrtimer.Handle[], readonly byName: Map<string, hrtimer.Handle>) {}\n  [Symbol.dispose]() {\n    this.timers.forEach((t) => t.cancel());\n    for (const [, t] of this.byName) t.cancel();\n  }\n}`,
        },
      ),
    },
    {
      name: 'a legacy class driver: a timer kept in the data and cancelled in remove()',
      code: legacyDriver(
        `  static probe(_pdev: pci.Device<Core>): Self {\n    return new Self(${start});\n  }\n  static remove(_pdev: pci.Device<Core>, data: Self): void {\n    data.timer.cancel();\n  }`,
        { before: heldTimer },
      ),
    },
    {
      name: 'a constructor that tears down before it throws, and a field read off a value that is kept',
      code: engineDriver(
        `    const g = new Guarded(info);\n    pdev.info(String(g.t));\n    const e = new Engine();\n    pdev.info(String(e.unbind.length));\n    return new Self(e);`,
        `    self.engine.unbind(pdev);`,
        `\nclass Guarded implements Disposable {\n  readonly t: hrtimer.Handle;\n  constructor(n: number) {\n    this.t = hrtimer.create(() => hrtimer.Restart.NoRestart).start(5);\n    if (n > 3) {\n      this.t.cancel();\n      throw new KernelError(errno.EINVAL);\n    }\n  }\n  [Symbol.dispose]() {\n    this.t.cancel();\n  }\n}`,
      ),
    },
    {
      name: 'drop tears down through a literal array of its fields, and a helper that cancels only what is there',
      code: pciDriver(`    return new Self(${start}, ${start});`, {
        before: `class Self implements Disposable {\n  readonly #watchdog: hrtimer.Handle;\n  readonly spare: hrtimer.Handle | undefined;\n  constructor(w: hrtimer.Handle, s: hrtimer.Handle) {\n    this.#watchdog = w;\n    this.spare = s;\n  }\n  [Symbol.dispose]() {\n    [this.#watchdog].forEach((w) => w.cancel());\n    stopIfAny(this.spare);\n  }\n}\nfunction stopIfAny(h: hrtimer.Handle | undefined): void {\n  if (h !== undefined) h.cancel();\n}`,
      }),
    },
    {
      name: 'a teardown helper shared by unbind and an IRQ handler is not only operational, and unbind may call it',
      code: engineDriver(
        `    pdev.requestIrq(0, 'x', { handle: (dev) => { pdev.info('irq'); void dev; return irq.Return.Handled; } });\n    return new Self(new Engine());`,
        `    stopEngine(self, pdev);\n    self.engine.unbind(pdev);`,
      ),
    },
    // Implicit error paths: only calls that can fail count, and only after the start.
    {
      name: 'a fallible kernel call before the start',
      code: pciDriver(`    pdev.iomapRegion(0, 'x');\n    const t = ${start};\n    return new Self(t);`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();`,
      }),
    },
    {
      name: 'a call that cannot fail after the start (Devres.access with the owner, register reads, logging)',
      code: pciDriver(
        `    const bar = pdev.iomapRegion(0, 'x');\n    const t = ${start};\n    bar.access(pdev).write32(1, 0);\n    pdev.info('started');\n    return new Self(t);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    {
      name: 'a function that throws, given to calls that run it only later (a timer, a promise, the work queue)',
      code: pciDriver(
        `    const t = ${start};\n    setTimeout(() => { throw new KernelError(errno.EIO); }, 0);\n    Promise.resolve(info).then(() => { throw new KernelError(errno.EIO); });\n    const w = workqueue.system.enqueue(() => { throw new KernelError(errno.EIO); });\n    w.cancelSync();\n    return new Self(t);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    {
      name: 'a function that cannot throw, given to a call that runs it',
      code: pciDriver(`    const t = ${start};\n    [info].forEach((i) => pdev.info(String(i)));\n    return new Self(t);`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();`,
      }),
    },
    {
      name: 'an async unbind that tears down before its first await',
      code: pciDriver(`    return new Self(${start});`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();\n    await Promise.resolve();\n    pdev.info('unbound');`,
        asyncUnbind: true,
      }),
    },
    {
      name: 'a field started by its initialiser in a class whose constructor cannot throw, or throws before super() made it',
      code: pciDriver(`    return new Self(info);`, {
        before: `class Base {\n  constructor(readonly n: number) {\n    if (n > 3) throw new KernelError(errno.EINVAL);\n  }\n}\nclass Self extends Base {\n  readonly timer = ${start};\n  constructor(n: number) {\n    super(n);\n    console.log(n);\n  }\n}`,
        unbind: `    self.timer.cancel();`,
        self: 'Self',
      }),
    },
    {
      name: 'a helper of probe that starts a handle and gives it to its caller',
      code: pciDriver(`    return new Self(startWatchdog(pdev));`, {
        before: `${heldTimer}\nfunction startWatchdog(pdev: pci.Device<Core>): hrtimer.Handle {\n  const t = ${start};\n  pdev.info('watchdog');\n  return t;\n}`,
        unbind: `    self.timer.cancel();`,
      }),
    },
    {
      name: 'an IRQ handler that starts a timer only where none is held (??=, if (!x))',
      code: pciDriver(
        `    const self = new Lazy();\n    pdev.requestIrq(0, 'lazy', {\n      handle(_dev: pci.Device<Bound>): irq.Return {\n        self.timer ??= ${start};\n        if (!self.other) self.other = ${start};\n        return irq.Return.Handled;\n      },\n    });\n    return self;`,
        {
          before: `class Lazy {\n  timer: hrtimer.Handle | undefined;\n  other: hrtimer.Handle | undefined;\n}`,
          unbind: `    self.timer?.cancel();\n    self.other?.cancel();`,
          self: 'Lazy',
        },
      ),
    },
    {
      name: 'a helper of probe whose locals a closure it returns tears down (not followed, so not judged)',
      code: pciDriver(`    return startAll();`, {
        before: `interface Stopper {\n  stop(): void;\n}\nfunction startAll(): Stopper {\n  const a = ${start};\n  return {\n    stop() {\n      a.cancel();\n    },\n  };\n}`,
        unbind: `    self.stop();`,
        self: 'Stopper',
      }),
    },
    {
      name: 'a record of handles, every value torn down through Object.values (a loop and forEach)',
      code: pciDriver(`    return new Named({ a: ${start} }, { b: ${start} });`, {
        before: `class Named {\n  constructor(\n    readonly byName: Record<string, hrtimer.Handle>,\n    readonly more: { [name: string]: hrtimer.Handle },\n  ) {}\n}`,
        unbind: `    for (const t of Object.values(self.byName)) t.cancel();\n    Object.values(self.more).forEach((t) => t.cancel());`,
        self: 'Named',
      }),
    },
    {
      name: 'a helper that catches its own failure',
      code: pciDriver(`    const t = ${start};\n    mapOptionalBar(pdev);\n    return new Self(t);`, {
        before: `import { mapOptionalBar } from './helpers/checks.js';\n${heldTimer}`,
        unbind: `    self.timer.cancel();`,
      }),
    },
    {
      name: 'a fallible call whose failure probe unwinds',
      code: pciDriver(
        `    const t = ${start};\n    try {\n      pdev.iomapRegion(1, 'x');\n    } catch (e) {\n      t.cancel();\n      throw e;\n    }\n    return new Self(t);`,
        { before: heldTimer, unbind: `    self.timer.cancel();` },
      ),
    },
    {
      name: 'the fallible registration first, then the value that owes teardown',
      code: pciDriver(`    const reg = auxiliary.Registration.new(pdev, 'a', 0, 'd');\n    return new Self(${start}, reg);`, {
        before: `class Self implements Disposable {\n  constructor(readonly timer: hrtimer.Handle, readonly reg: unknown) {}\n  [Symbol.dispose]() { this.timer.cancel(); }\n}`,
      }),
    },
    {
      name: 'a fallible call in unbind after the cancel',
      code: ok(`    self.timer.cancel();\n    pdev.iomapRegion(3, 'x');`),
    },
    {
      name: 'a handle cancelled before it is assigned again, and a loop that cancels the last one first',
      code: pciDriver(
        `    let t = ${start};\n    t.cancel();\n    t = ${start};\n    t.cancel();\n    let last: hrtimer.Handle | undefined;\n    for (let i = 0; i < 3; i++) {\n      last?.cancel();\n      last = ${start};\n    }\n    last?.cancel();\n    return {};`,
      ),
    },
    {
      name: 'a constructor that owes teardown and cannot fail afterwards',
      code: pciDriver(`    return new Self(new Engine(pdev));`, {
        before: `import { type RequiresTeardown, requireTeardown } from '@drvlint/kernel';\nclass Engine implements RequiresTeardown<'stop'> {\n  constructor(pdev: pci.Device<Bound>) {\n    pdev.iomapRegion(0, 'x');\n    requireTeardown(this, 'stop');\n    pdev.info('engine up');\n  }\n  stop(): void {}\n}\nclass Self implements Disposable {\n  constructor(readonly e: Engine) {}\n  [Symbol.dispose]() { this.e.stop(); }\n}`,
      }),
    },
    {
      name: 'pushed into a local collection that probe keeps',
      code: pciDriver(`    const timers: hrtimer.Handle[] = [];\n    timers.push(${start});\n    return new Self(timers);`, {
        before: `class Self implements Disposable {\n  constructor(readonly timers: hrtimer.Handle[]) {}\n  [Symbol.dispose]() { for (const t of this.timers) t.cancel(); }\n}`,
      }),
    },
    {
      name: 'an assertion before the start',
      code: pciDriver(`    assert(info < 4);\n    return new Self(${start});`, {
        before: `import assert from 'node:assert';\n${heldTimer}`,
        unbind: `    self.timer.cancel();`,
      }),
    },
  ],
  invalid: [
    // Error paths hold in unbind too (rules.md, Clarifications 2026-12-07): the driver core goes on when unbind throws,
    // and reports the teardown it missed.
    invalid(
      'a fallible call in unbind before the cancel, and a throw before it',
      pciDriver(`    return new Self(${start}); // !`, {
        before: heldTimer,
        unbind: `    pdev.iomapRegion(3, 'x');\n    self.timer.cancel();`,
      }),
      'keptNotTornDown',
    ),
    invalid(
      'a throw in unbind before the cancel',
      pciDriver(`    return new Self(${start}); // !`, {
        before: heldTimer,
        unbind: `    if (pdev.deviceId() === 0) throw new KernelError(errno.ENODEV);\n    self.timer.cancel();`,
      }),
      'keptNotTornDown',
    ),
    invalid(
      'a handle overwritten before its teardown: a field assigned twice, and a loop that keeps only the last',
      pciDriver(
        `    const self = new Self();\n    self.timer = ${start}; // !\n    self.timer = ${start};\n    let last: hrtimer.Handle | undefined;\n    for (let i = 0; i < 3; i++) last = ${start}; // !\n    last?.cancel();\n    return self;`,
        {
          before: `class Self implements Disposable {\n  timer: hrtimer.Handle | undefined;\n  [Symbol.dispose]() {\n    this.timer?.cancel();\n  }\n}`,
        },
      ),
      'overwritten',
      'overwritten',
    ),
    invalid(
      'collections of handles: a loop that may skip an element, and a map never walked',
      pciDriver(twoTimers(`    return new Self([a], new Map([['b', b]])); // !!`), {
        before: timerList,
        unbind: `    for (const t of self.timers) {\n      if (pdev.deviceId() === 0) continue;\n      t.cancel();\n    }`,
      }),
      'keptNotTornDown',
      'keptNotTornDown',
    ),
    invalid(
      'a handle put in a local map that dies with probe',
      pciDriver(
        `    const a = ${start}; // !\n    const m = new Map<string, hrtimer.Handle>();\n    m.set('a', a);\n    return new Self([], new Map());`,
        { before: timerList, unbind: `    self.timers.forEach((t) => t.cancel());\n    self.byName.forEach((t) => t.cancel());` },
      ),
      'notKept',
    ),
    invalid(
      'an IRQ handler that reaches Self through drvdata and tears it down, directly and through a helper',
      engineDriver(
        `    const r = pdev.requestIrq(0, 'x', {\n      handle: (dev) => {\n        const self = dev.drvdata<Self>();\n        self.engine.unbind(dev); // !\n        return irq.Return.Handled;\n      },\n    });\n    void r;\n    return new Self(new Engine());`,
        `    self.engine.unbind(pdev);`,
      ),
      'wrongCaller',
    ),
    invalid(
      'an IRQ handler class, and a method reachable only from it',
      engineDriver(
        `    pdev.requestIrq(0, 'x', new Irq());\n    return new Self(new Engine());`,
        `    self.engine.unbind(pdev);`,
        `\nfunction onFault(dev: Device<Bound>): void {\n  const s = dev.drvdata<Self>();\n  s.engine.unbind(dev); // !\n}\nclass Irq implements irq.Handler {\n  handle(dev: Device<Bound>) {\n    onFault(dev);\n    return irq.Return.Handled;\n  }\n}`,
      ),
      'wrongCaller',
    ),
    invalid(
      'a named function used as a timer callback, reaching Self through drvdata',
      engineDriver(
        `    const self = new Self(new Engine());\n    setTimeout(recover, 10);\n    return self;`,
        `    self.engine.unbind(pdev);\n    stopEngine(self, pdev);`,
        `\nlet dev0: Device<Bound> | undefined;\nfunction recover(): void {\n  if (dev0) dev0.drvdata<Self>().engine.unbind(dev0); // !\n}`,
      ),
      'wrongCaller',
    ),
    invalid(
      'a legacy class driver: a timer started in the static probe that neither remove() nor unbind() cancels',
      legacyDriver(
        `  static probe(_pdev: pci.Device<Core>): Self {\n    return new Self(${start}); // !\n  }\n  static remove(pdev: pci.Device<Core>, _data: Self): void {\n    pdev.disableDevice();\n  }`,
        { before: heldTimer },
      ),
      'keptNotTornDown',
    ),
    invalid(
      'made and dropped inside an expression, and a helper that starts a timer and drops the handle',
      engineDriver(
        `    pdev.info(\`\${new Engine().unbind.name}\`); // !\n    arm();\n    return new Self(new Engine());`,
        `    self.engine.unbind(pdev);`,
        `\nfunction arm(): void {\n  hrtimer.create(() => hrtimer.Restart.NoRestart).start(5); // !\n}`,
      ),
      'dropped',
      'dropped',
    ),
    invalid(
      'a constructor called from probe starts a timer, then throws',
      engineDriver(
        `    const w = new Watch(info);\n    w[Symbol.dispose]();\n    return new Self(new Engine());`,
        `    self.engine.unbind(pdev);`,
        `\nclass Watch implements Disposable {\n  readonly t: hrtimer.Handle;\n  constructor(n: number) {\n    this.t = hrtimer.create(() => hrtimer.Restart.NoRestart).start(5); // !\n    if (n > 3) throw new KernelError(errno.EINVAL);\n  }\n  [Symbol.dispose]() {\n    this.t.cancel();\n  }\n}`,
      ),
      'ctorNotUnwound',
    ),
    invalid(
      "through wrappers: probe's error path and an unbind that returns early, in a driver that shares Self with one whose unbind is right",
      `${header}${heldTimer}\nfunction logged<A extends unknown[], R>(f: (...a: A) => R): (...a: A) => R {\n  return (...a) => f(...a);\n}\nfunction realProbe(pdev: pci.Device<Core>): Self {\n  const t = ${start}; // !!\n  pdev.iomapRegion(0, 'x');\n  return new Self(t);\n}\nfunction goodUnbind(_pdev: pci.Device<Core>, self: Self) {\n  self.timer.cancel();\n}\nfunction earlyUnbind(pdev: pci.Device<Core>, self: Self) {\n  if (pdev.deviceId() === 0) return;\n  self.timer.cancel();\n}\nconst table = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]);\nconst a = pci.driver({ name: 'a', idTable: table, probe: (_p: pci.Device<Core>) => new Self(${start}), unbind: goodUnbind });\nconst b = pci.driver({ name: 'b', idTable: table, probe: logged(realProbe), unbind: logged(earlyUnbind) });\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [a, b] });\n`,
      'keptNotTornDown',
      'notUnwound',
    ),
    invalid(
      'never cancelled: a spread that brings no unbind is no unbind',
      `${header}${heldTimer}\nconst named = { name: 'd', idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]) };\nconst driver = pci.driver({ ...named, probe: (_p: pci.Device<Core>) => new Self(${start}) }); // !\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      'keptNotTornDown',
    ),
    invalid(
      'never cancelled: no unbind, no drop',
      pciDriver(`    return new Self(${start}); // !`, { before: heldTimer }),
      'keptNotTornDown',
    ),
    invalid('cancelled on one branch only', withUnbind(`    if (pdev.deviceId() === 1) self.timer.cancel();`), 'keptNotTornDown'),
    invalid(
      "unbind's destructured self: a timer left out of the pattern is still owed",
      `${header}class Self {\n  constructor(readonly timer: hrtimer.Handle, readonly other: hrtimer.Handle) {}\n}\nconst driver = pci.driver({\n  name: 'd',\n  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>) {\n    return new Self(${start}, ${start}); // !\n  },\n  unbind(pdev, { timer }) {\n    timer.cancel();\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`,
      'keptNotTornDown',
    ),
    invalid(
      'an early return before the cancel',
      withUnbind(`    if (pdev.deviceId() === 0) return;\n    self.timer.cancel();`),
      'keptNotTornDown',
    ),
    invalid(
      'destructured, then an early return before the cancel',
      withUnbind(`    const { timer } = self;\n    if (pdev.deviceId() === 0) return;\n    timer.cancel();`),
      'keptNotTornDown',
    ),
    invalid(
      "a let destructured from Self and reassigned is not Self's timer",
      withUnbind(`    let { timer } = self;\n    timer = ${start};\n    timer.cancel();`),
      'keptNotTornDown',
    ),
    invalid(
      'cancelled only inside a loop',
      withUnbind(`    for (let i = 0; i < pdev.deviceId(); i++) self.timer.cancel();`),
      'keptNotTornDown',
    ),
    invalid(
      'cancelled only in one switch case',
      withUnbind(
        `    switch (pdev.deviceId()) {\n      case 1:\n        self.timer.cancel();\n        break;\n      default:\n        break;\n    }`,
      ),
      'keptNotTornDown',
    ),
    invalid(
      'cancelled behind && and ??',
      withUnbind(`    const go = pdev.deviceId() > 0;\n    go && self.timer.cancel();\n    void (undefined ?? self.timer.cancel());`),
      'keptNotTornDown',
    ),
    invalid(
      'cancelled only in catch',
      withUnbind(`    try {\n      pdev.disableDevice();\n    } catch {\n      self.timer.cancel();\n    }`),
      'keptNotTornDown',
    ),
    invalid(
      'an implements brand whose method is never called',
      pciDriver(`    return { gpu: new Gpu() }; // !`, {
        before: `import { type RequiresTeardown } from '@drvlint/kernel';\nclass Gpu implements RequiresTeardown<'unbind'> {\n  unbind(): void {}\n}`,
        unbind: `    void self;`,
      }),
      'keptNotTornDown',
    ),
    invalid(
      'probe fails without unwinding (the spec example)',
      pciDriver(`    const t = ${start}; // !\n    if (info > 3) throw new KernelError(errno.EINVAL);\n    return new Self(t);`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'made inside the private data, then probe fails before returning it',
      pciDriver(`    const s = new Self(${start}); // !\n    if (info > 3) throw new KernelError(errno.EINVAL);\n    return s;`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    // Implicit error paths: fallible calls after a start.
    invalid(
      'a fallible kernel call after the start (a BAR that may be missing)',
      pciDriver(`    const t = ${start}; // !\n    pdev.iomapRegion(1, 'x');\n    return new Self(t);`, {
        before: heldTimer,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'a helper in another file that can throw, through a never-returning helper',
      pciDriver(`    const t = ${start}; // !\n    checkRevision(info);\n    return new Self(t);`, {
        before: `import { checkRevision } from './helpers/checks.js';\n${heldTimer}`,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'a function that throws, given to an array method that runs it before returning',
      pciDriver(
        `    const t = ${start}; // !\n    [info].forEach((i) => {\n      if (i > 3) throw new KernelError(errno.EINVAL);\n    });\n    return new Self(t);`,
        {
          before: heldTimer,
          unbind: `    self.timer.cancel();`,
        },
      ),
      'notUnwound',
    ),
    invalid(
      'a function that throws, by name, given to a helper that may call it',
      pciDriver(`    const t = ${start}; // !\n    each([info], checked);\n    return new Self(t);`, {
        before: `${heldTimer}\nfunction each<T>(xs: readonly T[], f: (x: T) => void): void {\n  for (const x of xs) f(x);\n}\nconst checked = (i: number): void => {\n  if (i > 3) throw new KernelError(errno.EINVAL);\n};`,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'a teardown after an await in unbind, which has returned by then',
      pciDriver(`    return new Self(${start}); // !`, {
        before: heldTimer,
        unbind: `    await Promise.resolve();\n    self.timer.cancel();`,
        asyncUnbind: true,
      }),
      'keptNotTornDown',
    ),
    invalid(
      'a teardown after an await in an async helper that unbind awaits',
      pciDriver(`    return new Self(${start}); // !`, {
        before: `${heldTimer}\nasync function stop(self: Self): Promise<void> {\n  await Promise.resolve();\n  self.timer.cancel();\n}`,
        unbind: `    await stop(self);`,
        asyncUnbind: true,
      }),
      'keptNotTornDown',
    ),
    invalid(
      'a field started by its initialiser, then a constructor that throws',
      pciDriver(`    return new Self(info);`, {
        before: `class Self {\n  readonly timer = ${start}; // !\n  constructor(readonly n: number) {\n    if (n > 3) throw new KernelError(errno.EINVAL);\n  }\n}`,
        unbind: `    self.timer.cancel();`,
        self: 'Self',
      }),
      'ctorNotUnwound',
    ),
    invalid(
      'a helper of probe that starts a handle in a local and then fails',
      pciDriver(`    startWatchdog(pdev);\n    return new Self(${start});`, {
        before: `${heldTimer}\nfunction startWatchdog(pdev: pci.Device<Core>): void {\n  const t = ${start}; // !\n  pdev.iomapRegion(3, 'extra');\n  t.cancel();\n}`,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'handles a map callback makes in probe, lost when a later call fails',
      pciDriver(
        `    const ts = [1, 2].map(() => ${start}); // !\n    pdev.iomapRegion(3, 'extra');\n    ts.forEach((t) => t.cancel());\n    return new Self(${start});`,
        {
          before: heldTimer,
          unbind: `    self.timer.cancel();`,
        },
      ),
      'notUnwound',
    ),
    invalid(
      'a timer callback that starts a new timer into the field that holds its own handle, each time it runs',
      pciDriver(`    return new Rearming();`, {
        before: `class Rearming {\n  timer: hrtimer.Handle;\n  ticks = 0;\n  constructor() {\n    this.timer = this.arm();\n  }\n  arm(): hrtimer.Handle {\n    return hrtimer\n      .create(() => {\n        this.ticks++;\n        if (this.ticks < 3) this.timer = this.arm(); // !\n        return hrtimer.Restart.NoRestart;\n      })\n      .start(10);\n  }\n}`,
        unbind: `    self.timer.cancel();`,
        self: 'Rearming',
      }),
      'overwritten',
    ),
    invalid(
      'started into a structure that is itself dropped, or handed to a library call that keeps nothing and gives plain data',
      pciDriver(
        `    [${start}]; // !\n    new Set([${start}]); // !\n    JSON.stringify({ t: ${start} }); // !\n    return new Self(${start});`,
        {
          before: heldTimer,
          unbind: `    self.timer.cancel();`,
        },
      ),
      'dropped',
      'dropped',
      'dropped',
    ),
    invalid(
      'a record of handles whose values unbind never tears down',
      pciDriver(`    return new Named({ a: ${start} }); // !`, {
        before: `class Named {\n  constructor(readonly byName: Record<string, hrtimer.Handle>) {}\n}`,
        unbind: `    pdev.info(String(Object.keys(self.byName).length));`,
        self: 'Named',
      }),
      'keptNotTornDown',
    ),
    invalid(
      'a call to a function returning never',
      pciDriver(`    const t = ${start}; // !\n    if (info > 3) refuse();\n    return new Self(t);`, {
        before: `import { refuse } from './helpers/checks.js';\n${heldTimer}`,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'a fallible call later in the same expression (nova-core before its fix)',
      pciDriver(`    return new Self(${start}, auxiliary.Registration.new(pdev, 'a', 0, 'd')); // !`, {
        before: `class Self implements Disposable {\n  constructor(readonly timer: hrtimer.Handle, readonly reg: unknown) {}\n  [Symbol.dispose]() { this.timer.cancel(); }\n}`,
      }),
      'notUnwound',
    ),
    invalid(
      'a constructor that started a timer, then makes a fallible call',
      pciDriver(`    return new Self(new Engine(pdev));`, {
        before: `class Engine {\n  readonly t: hrtimer.Handle;\n  constructor(pdev: pci.Device<Bound>) {\n    this.t = ${start}; // !\n    pdev.iomapRegion(4, 'x');\n  }\n}\nclass Self implements Disposable {\n  constructor(readonly e: Engine) {}\n  [Symbol.dispose]() { this.e.t.cancel(); }\n}`,
      }),
      'ctorNotUnwound',
    ),
    invalid(
      'a constructor that owes teardown itself (requireTeardown(this)), then throws',
      pciDriver(`    return new Self(new Engine(pdev));`, {
        before: `import { type RequiresTeardown, requireTeardown } from '@drvlint/kernel';\nclass Engine implements RequiresTeardown<'stop'> {\n  constructor(pdev: pci.Device<Bound>) {\n    requireTeardown(this, 'stop'); // !\n    if (pdev.deviceId() === 0) throw new KernelError(errno.ENODEV);\n  }\n  stop(): void {}\n}\nclass Self implements Disposable {\n  constructor(readonly e: Engine) {}\n  [Symbol.dispose]() { this.e.stop(); }\n}`,
      }),
      'ctorNotUnwound',
    ),
    invalid(
      'made only to be compared or printed',
      pciDriver(`    pdev.info(\`${'${'}${start} !== undefined}\`); // !\n    if (!${start}) return {}; // !\n    return {};`),
      'dropped',
      'dropped',
    ),
    invalid(
      'pushed into a local collection that dies with probe',
      pciDriver(`    const timers: hrtimer.Handle[] = [];\n    timers.push(${start}); // !\n    return {};`),
      'notKept',
    ),
    invalid(
      'an assertion (node:assert) after the start',
      pciDriver(`    const t = ${start}; // !\n    assert(info < 4);\n    return new Self(t);`, {
        before: `import assert from 'node:assert';\n${heldTimer}`,
        unbind: `    self.timer.cancel();`,
      }),
      'notUnwound',
    ),
    invalid(
      'made inside an object literal that probe drops',
      pciDriver(`    const parts = { timer: ${start} }; // !\n    void parts;\n    return {};`),
      'notKept',
    ),
    invalid(
      'probe returns without cancelling or keeping',
      pciDriver(`    const t = ${start}; // !\n    if (info > 3) return {};\n    t.cancel();\n    return {};`),
      'notKept',
    ),
    invalid('a work handle dropped', pciDriver(`    workqueue.system.enqueue(() => {}); // !\n    return {};`), 'dropped'),
    invalid(
      'teardown from an IRQ handler and a timer callback',
      pciDriver(
        `    // The IRQ is requested first: it can fail, and nothing is started yet.\n    const r = pdev.requestIrq(0, 'x', {\n      handle() {\n        t.cancel(); // !\n        return irq.Return.Handled;\n      },\n    });\n    const t = ${start};\n    const w = workqueue.system.enqueue(() => {});\n    setTimeout(() => w.cancelSync(), 5); // !\n    return new Self(t, w, r);`,
        {
          before: `class Self implements Disposable {\n  constructor(readonly t: hrtimer.Handle, readonly w: workqueue.WorkHandle, readonly r: unknown) {}\n  [Symbol.dispose]() { this.t.cancel(); this.w.cancelSync(); }\n}`,
        },
      ),
      'wrongCaller',
      'wrongCaller',
    ),
  ],
});
