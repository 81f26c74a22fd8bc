// Generated fault programs: the soundness harness's operators are the shapes
// the rules were written for, so they say little about shapes nobody thought
// of. Here a grammar combines, independently, a driver-scoped value, a path
// it travels (aliases, destructuring, helpers in this file or another, generic
// and rest parameters, `.call`), and a sink (world storage reached by any
// expression, library code given world storage, deferrals under other names);
// and teardowns with a fault on their way (a throw, a fallible call,
// iteration that stops early, an overwritten handle), inline or in helpers;
// plus controls that must stay quiet.
// Longer than 400 lines: the grammar's tables (values, paths, sinks, teardown
// faults) and the writer of programs from them read best side by side. Each program runs in the simulated
// driver core and through every rule; a fault the core catches and drvlint
// misses fails the property, and fast-check shrinks it to the smallest program.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import type { Group } from './groups.js';
import { compilerOptions, root, runInCore, srcDir, writeBuild } from './harness.js';
import type { RuntimeJob, RuntimeVerdict } from './runtime.js';
import { StaticOracle, type StaticVerdict } from './static-oracle.js';

/** A value of the binding, and whether it can be called (what a deferral sink needs). */
const VALUES = {
  self: { expr: 'self', callable: false },
  device: { expr: 'pdev', callable: false },
  reference: { expr: 'pdev.ref()', callable: false },
  resource: { expr: 'self.bar', callable: false },
  field: { expr: 'self.pdev', callable: false },
  closure: { expr: "() => pdev.info('late')", callable: true },
  bound: { expr: "pdev.info.bind(pdev, 'late')", callable: true },
} as const;
export type ValueKind = keyof typeof VALUES;

interface Sink {
  /** Whether it is a control: a harmless program that must stay quiet. */
  readonly control: boolean;
  /** Whether the value must be callable. */
  readonly callback: boolean;
  readonly imports?: string;
  readonly decls?: string;
  /** The statement, given an expression for the value. */
  code(v: string): string;
}

const SINKS = {
  moduleLet: { control: false, callback: false, decls: 'let kept: unknown;', code: (v) => `kept = ${v};` },
  moduleMapThroughGet: {
    control: false,
    callback: false,
    decls: "const byBus = new Map<string, Map<string, unknown>>([['pci', new Map()]]);",
    code: (v) => `byBus.get('pci')?.set('k', ${v});`,
  },
  letAliasOfModuleMap: {
    control: false,
    callback: false,
    decls: 'const moduleCache = new Map<string, unknown>();',
    code: (v) => `{\n      let c = new Map<string, unknown>();\n      c = moduleCache;\n      c.set('k', ${v});\n    }`,
  },
  pushApply: { control: false, callback: false, decls: 'const all: unknown[] = [];', code: (v) => `all.push.apply(all, [${v}]);` },
  reflectApply: {
    control: false,
    callback: false,
    decls: 'const all: unknown[] = [];',
    code: (v) => `Reflect.apply(all.push, all, [${v}]);`,
  },
  pushSpread: { control: false, callback: false, decls: 'const all: unknown[] = [];', code: (v) => `all.push(...[${v}]);` },
  defineProperties: {
    control: false,
    callback: false,
    decls: 'const state: Record<string, unknown> = {};',
    code: (v) => `Object.defineProperties(state, { last: { value: ${v}, configurable: true } });`,
  },
  errorCause: {
    control: false,
    callback: false,
    decls: 'let lastError: Error | undefined;',
    code: (v) => `lastError = new Error('bound', { cause: ${v} });`,
  },
  returnedModuleState: {
    control: false,
    callback: false,
    decls: 'const all: unknown[] = [];\nfunction registry(): unknown[] {\n  return all;\n}',
    code: (v) => `registry().push(${v});`,
  },
  promiseKept: {
    control: false,
    callback: false,
    decls: 'let pending: Promise<unknown> | undefined;',
    code: (v) => `pending = Promise.resolve(${v});`,
  },
  generatorNext: {
    control: false,
    callback: false,
    decls: 'function* gen(): Generator<undefined, void, unknown> {\n  for (;;) yield;\n}\nconst sink = gen();\nsink.next();',
    code: (v) => `sink.next(${v});`,
  },
  asyncLater: {
    control: false,
    callback: true,
    code: (v) => `void (async () => {\n      await Promise.resolve();\n      (${v})();\n    })();`,
  },
  elementOfModule: { control: false, callback: false, decls: 'const lists: unknown[][] = [[]];', code: (v) => `lists[0]?.push(${v});` },
  getterOfModule: {
    control: false,
    callback: false,
    decls: 'const reg = {\n  items: [] as unknown[],\n  get all(): unknown[] {\n    return this.items;\n  },\n};',
    code: (v) => `reg.all.push(${v});`,
  },
  storeIntoParameter: {
    control: false,
    callback: false,
    decls: 'const all: unknown[] = [];\nfunction keepIn(list: unknown[], x: unknown): void {\n  list.push(x);\n}',
    code: (v) => `keepIn(all, ${v});`,
  },
  opsTableKeeps: {
    control: false,
    callback: false,
    decls:
      'interface KeepOps {\n  keep(x: unknown): void;\n}\nconst kept: unknown[] = [];\nconst keepOps: KeepOps = {\n  keep(x) {\n    kept.push(x);\n  },\n};',
    code: (v) => `keepOps.keep(${v});`,
  },
  opsTableSpreadKeeps: {
    control: false,
    callback: false,
    decls:
      "interface KeepOps {\n  keep(x: unknown): void;\n  name(): string;\n}\nconst kept: unknown[] = [];\nconst baseOps: KeepOps = {\n  keep: (x) => void kept.push(x),\n  name: () => 'base',\n};\nconst moreOps: KeepOps = { ...baseOps, name: () => 'more' };",
    code: (v) => `moreOps.keep(${v});`,
  },
  emitterListener: {
    control: false,
    callback: true,
    imports: "import { EventEmitter } from 'node:events';",
    decls: 'const bus = new EventEmitter();',
    code: (v) => `bus.on('tick', ${v});`,
  },
  setTimeout: { control: false, callback: true, code: (v) => `setTimeout(${v}, 0);` },
  renamedTimer: {
    control: false,
    callback: true,
    imports: "import { setTimeout as later } from 'node:timers';",
    code: (v) => `later(${v}, 0);`,
  },
  aliasedMicrotask: { control: false, callback: true, decls: 'const defer = queueMicrotask;', code: (v) => `defer(${v});` },
  promiseThen: { control: false, callback: true, code: (v) => `void Promise.resolve().then(${v});` },
  localStore: { control: true, callback: false, code: (v) => `{\n      const local: unknown[] = [];\n      local.push(${v});\n    }` },
  nonRetaining: {
    control: true,
    callback: false,
    decls: 'const seen = new Map<string, unknown>();',
    code: (v) => `void seen.get('k');\n    void [${v}].includes(${v});`,
  },
  clearedTimer: { control: true, callback: true, code: (v) => `{\n      const g = setTimeout(${v}, 0);\n      clearTimeout(g);\n    }` },
  opsTableReads: {
    control: true,
    callback: false,
    decls: 'interface ReadOps {\n  kind(x: unknown): string;\n}\nconst readOps: ReadOps = { kind: (x) => typeof x };',
    code: (v) => `readOps.kind(${v});`,
  },
  syncIteration: { control: true, callback: true, code: (v) => `[${v}].forEach((f) => f());` },
} as const satisfies Record<string, Sink>;
export type SinkKind = keyof typeof SINKS;

/**
 * Teardown faults: the statements of unbind (for a timer the private data
 * keeps) or of probe (for timers it holds in locals), where `t` is the handle.
 * Each throws for the test device, as the exercise adds it, so that the core
 * sees the fault happen.
 */
export const TEARDOWN_FAULTS = {
  none: { control: true, in: 'unbind', code: 'self.timer.cancel();\n  self.more.forEach((t) => t.cancel());' },
  logAfter: {
    control: true,
    in: 'unbind',
    code: "self.timer.cancel();\n  self.more.forEach((t) => t.cancel());\n  self.pdev.info('unbound');",
  },
  throwBefore: {
    control: false,
    in: 'unbind',
    code: 'self.more.forEach((t) => t.cancel());\n  if (self.pdev.deviceId() === 0x5) throw new KernelError(errno.EIO);\n  self.timer.cancel();',
  },
  fallibleBefore: {
    control: false,
    in: 'unbind',
    code: "self.more.forEach((t) => t.cancel());\n  pdev.iomapRegion(3, 'extra');\n  self.timer.cancel();",
  },
  someStopsEarly: {
    control: false,
    in: 'unbind',
    code: 'self.more.some((t) => {\n    t.cancel();\n    return true;\n  });\n  self.timer.cancel();',
  },
  everyElement: { control: true, in: 'unbind', code: 'self.more.forEach((t) => t.cancel());\n  self.timer.cancel();' },
  // Walks over every element, which tear each one down.
  mapElements: { control: true, in: 'unbind', code: 'self.timer.cancel();\n  self.more.map((t) => t.cancel());' },
  copiedElements: {
    control: true,
    in: 'unbind',
    code: 'Array.from(self.more.values()).forEach((t) => t.cancel());\n  self.timer.cancel();',
  },
  spreadElements: { control: true, in: 'unbind', code: 'for (const t of [self.timer, ...self.more]) t.cancel();' },
  entriesLoop: {
    control: true,
    in: 'unbind',
    code: 'self.timer.cancel();\n  for (const [i, t] of self.more.entries()) {\n    t.cancel();\n    void i;\n  }',
  },
  indexLoop: {
    control: true,
    in: 'unbind',
    code: 'self.timer.cancel();\n  for (let i = 0; i < self.more.length; i++) self.more[i]?.cancel();',
  },
  indexLoopDown: {
    control: true,
    in: 'unbind',
    code: 'self.timer.cancel();\n  for (let i = self.more.length - 1; i >= 0; i--) {\n    const t = self.more[i];\n    t?.cancel();\n  }',
  },
  // Walks that stop early, after the first element's teardown.
  breakInLoop: {
    control: false,
    in: 'unbind',
    code: 'self.timer.cancel();\n  for (const t of self.more) {\n    t.cancel();\n    break;\n  }',
  },
  returnInLoop: {
    control: false,
    in: 'unbind',
    code: 'self.timer.cancel();\n  for (const t of self.more) {\n    t.cancel();\n    if (self.pdev.deviceId() === 0x5) return;\n  }',
  },
  fallibleInLoop: {
    control: false,
    in: 'unbind',
    code: "self.timer.cancel();\n  for (const t of self.more) {\n    t.cancel();\n    pdev.iomapRegion(3, 'extra');\n  }",
  },
  breakInIndexLoop: {
    control: false,
    in: 'unbind',
    code: 'self.timer.cancel();\n  for (let i = 0; i < self.more.length; i++) {\n    self.more[i]?.cancel();\n    if (i === 0) break;\n  }',
  },
  throwInCallback: {
    control: false,
    in: 'unbind',
    code: 'self.timer.cancel();\n  self.more.forEach((t) => {\n    t.cancel();\n    if (self.pdev.deviceId() === 0x5) throw new KernelError(errno.EIO);\n  });',
  },
  // An async unbind (or helper) has returned at its first `await`: what follows runs after unbind is over.
  afterAwait: {
    control: false,
    in: 'unbind',
    async: true,
    code: 'self.more.forEach((t) => t.cancel());\n  await Promise.resolve();\n  self.timer.cancel();',
  },
  awaitAfterTeardown: {
    control: true,
    in: 'unbind',
    async: true,
    code: 'self.timer.cancel();\n  self.more.forEach((t) => t.cancel());\n  await Promise.resolve();',
  },
  overwritten: { control: false, in: 'probe', code: `let t = ${'START'};\n  t = ${'START'};\n  t.cancel();` },
  overwrittenInLoop: {
    control: false,
    in: 'probe',
    code: `let t: hrtimer.Handle | undefined;\n  for (let i = 0; i < 2; i++) t = ${'START'};\n  t?.cancel();`,
  },
  startedThenFails: {
    control: false,
    in: 'probe',
    code: `const t = ${'START'};\n  pdev.iomapRegion(3, 'extra');\n  t.cancel();`,
  },
  // A failure caught in probe, which then goes on: what was started in the `try` is lost unless torn down after it.
  caughtAndLost: {
    control: false,
    in: 'probe',
    code: `try {\n    const t = ${'START'};\n    pdev.iomapRegion(3, 'extra');\n    t.cancel();\n  } catch {\n    pdev.info('degraded');\n  }`,
  },
  assignedInTry: {
    control: false,
    in: 'probe',
    code: `let t: hrtimer.Handle | undefined;\n  try {\n    t = ${'START'};\n    pdev.iomapRegion(3, 'extra');\n    t.cancel();\n  } catch {\n    pdev.info('degraded');\n  }`,
  },
  caughtThenCancelled: {
    control: true,
    in: 'probe',
    code: `let t: hrtimer.Handle | undefined;\n  try {\n    t = ${'START'};\n    pdev.iomapRegion(3, 'extra');\n  } catch {\n    pdev.info('degraded');\n  }\n  t?.cancel();`,
  },
  // Handles `map` collects in probe: the array holds them, and a failure drops the array.
  mappedThenFails: {
    control: false,
    in: 'probe',
    code: `const ts = [1, 2].map(() => ${'START'});\n  pdev.iomapRegion(3, 'extra');\n  ts.forEach((t) => t.cancel());`,
  },
  mappedCallbackThrows: {
    control: false,
    in: 'probe',
    code: `const ts = [1, 2].map((n) => {\n    if (n === 2) throw new KernelError(errno.EIO);\n    return ${'START'};\n  });\n  ts.forEach((t) => t.cancel());`,
  },
  mappedAndCancelled: { control: true, in: 'probe', code: `const ts = [1, 2].map(() => ${'START'});\n  ts.forEach((t) => t.cancel());` },
  cancelledBeforeOverwrite: { control: true, in: 'probe', code: `let t = ${'START'};\n  t.cancel();\n  t = ${'START'};\n  t.cancel();` },
} as const satisfies Record<
  string,
  { readonly control: boolean; readonly in: 'unbind' | 'probe'; readonly async?: true; readonly code: string }
>;
type TeardownFault = keyof typeof TEARDOWN_FAULTS;

const START = 'hrtimer.create(() => hrtimer.Restart.NoRestart).start(1_000_000_000)';

const PATHS = [
  'direct',
  'constAlias',
  'letAlias',
  'destructured',
  'helper',
  'helperOtherFile',
  'genericHelper',
  'restHelper',
  'callHelper',
  'arrowHelper',
  'classMethod',
  'optionalMethod',
] as const;
export type PathKind = (typeof PATHS)[number];

/** A value carried along a path into a sink. */
export interface FlowProgram {
  readonly kind: 'flow';
  readonly value: ValueKind;
  readonly path: PathKind;
  readonly sink: SinkKind;
}

/** Where a teardown program writes its statements: in unbind (or probe) itself, or in a helper it calls. */
export const TEARDOWN_PLACES = ['inline', 'helper', 'helperOtherFile'] as const;

/** A teardown that must run, with a fault on its way (or none, a control), written inline or in a helper. */
export interface TeardownProgram {
  readonly kind: 'teardown';
  readonly fault: TeardownFault;
  readonly place: (typeof TEARDOWN_PLACES)[number];
}

export type Program = FlowProgram | TeardownProgram;

const flowPrograms: fc.Arbitrary<Program> = fc
  .record({
    kind: fc.constant('flow' as const),
    value: fc.constantFrom(...(Object.keys(VALUES) as ValueKind[])),
    path: fc.constantFrom(...PATHS),
    sink: fc.constantFrom(...(Object.keys(SINKS) as SinkKind[])),
  })
  .filter((p) => !SINKS[p.sink].callback || VALUES[p.value].callable);

const teardownPrograms: fc.Arbitrary<Program> = fc.record({
  kind: fc.constant('teardown' as const),
  fault: fc.constantFrom(...(Object.keys(TEARDOWN_FAULTS) as TeardownFault[])),
  place: fc.constantFrom(...TEARDOWN_PLACES),
});

/** Every generated program: flows into sinks, and teardowns with faults on their way. */
export const programs: fc.Arbitrary<Program> = fc.oneof({ arbitrary: flowPrograms, weight: 3 }, { arbitrary: teardownPrograms, weight: 1 });

export const isControl = (p: Program): boolean => (p.kind === 'flow' ? SINKS[p.sink].control : TEARDOWN_FAULTS[p.fault].control);

export const nameOf = (p: Program): string => (p.kind === 'flow' ? `${p.value}/${p.path}/${p.sink}` : `teardown/${p.fault}/${p.place}`);

const DIR = '__generated';

/** The program's files, relative to fixtures/drivers/src. */
export function filesOf(p: Program): Map<string, string> {
  return p.kind === 'flow' ? flowFiles(p) : teardownFiles(p);
}

function teardownFiles(p: TeardownProgram): Map<string, string> {
  const fault = TEARDOWN_FAULTS[p.fault];
  const code = fault.code.replaceAll('START', START);
  const params = fault.in === 'unbind' ? '(pdev: pci.Device<Core>, self: Self)' : '(pdev: pci.Device<Core>)';
  const isAsync = 'async' in fault;
  const helper = `${isAsync ? 'async ' : ''}function finish${params}: ${isAsync ? 'Promise<void>' : 'void'} {\n  ${code}\n}`;
  const inline = (indent: string) => code.replaceAll('\n  ', `\n${indent}`);
  const call = `${isAsync ? 'await ' : ''}${fault.in === 'unbind' ? 'finish(pdev, self);' : 'finish(pdev);'}`;
  const statements = p.place === 'inline' ? inline('    ') : call;
  const files = new Map<string, string>();
  if (p.place === 'helperOtherFile')
    files.set(
      `${DIR}/helper.ts`,
      `import { type Core, KernelError, errno, hrtimer, type pci } from '@drvlint/kernel';\nimport type { Self } from './driver.js';\n\nexport ${helper}\n`,
    );
  files.set(
    `${DIR}/driver.ts`,
    `import { type ARef, type Core, KernelError, errno, hrtimer, module, pci } from '@drvlint/kernel';
${p.place === 'helperOtherFile' ? "import { finish } from './helper.js';\n" : ''}
export class Self implements Disposable {
  constructor(
    readonly pdev: ARef<pci.Device>,
    readonly timer: hrtimer.Handle,
    readonly more: hrtimer.Handle[],
  ) {}
  [Symbol.dispose](): void {}
}
${p.place === 'helper' ? helper : ''}

const driver = pci.driver({
  name: 'generated',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0]]),
  probe(pdev: pci.Device<Core>): Self {
    ${fault.in === 'probe' ? `${statements}\n    ` : ''}return new Self(pdev.ref(), ${START}, [${START}, ${START}]);
  },
  ${isAsync ? 'async ' : ''}unbind(pdev, self) {
    ${fault.in === 'unbind' ? statements : 'self.timer.cancel();\n    self.more.forEach((t) => t.cancel());'}
  },
});

export default module({ name: 'generated', authors: [], description: '', license: 'GPL', drivers: [driver] });
`,
  );
  return files;
}

function flowFiles(p: FlowProgram): Map<string, string> {
  const sink: Sink = SINKS[p.sink];
  const value = VALUES[p.value].expr;
  const type = sink.callback ? '() => void' : 'unknown';
  const inHelperFile = p.path === 'helperOtherFile';
  const helper = (name: string, params: string, use: string) =>
    `function ${name}${params} {\n  ${sink.code(use).replaceAll('\n    ', '\n  ')}\n}`;
  let helpers = '';
  let body: string;
  switch (p.path) {
    case 'direct':
      body = sink.code(value);
      break;
    case 'constAlias':
      body = `const v = ${value};\n    ${sink.code('v')}`;
      break;
    case 'letAlias':
      body = `let v = ${value};\n    v = ${value};\n    ${sink.code('v')}`;
      break;
    case 'destructured':
      body = `const { v } = { v: ${value} };\n    ${sink.code('v')}`;
      break;
    case 'helper':
      helpers = helper('pass', `(v: ${type}): void`, 'v');
      body = `pass(${value});`;
      break;
    case 'helperOtherFile':
      body = `pass(${value});`;
      break;
    case 'genericHelper':
      helpers = helper('pass', `<T extends ${type}>(v: T): void`, 'v');
      body = `pass(${value});`;
      break;
    case 'restHelper':
      helpers = helper('pass', `(...vs: (${type})[]): void`, `vs[0] as ${sink.callback ? '() => void' : 'unknown'}`);
      body = `pass(${value});`;
      break;
    case 'callHelper':
      helpers = helper('pass', `(v: ${type}): void`, 'v');
      body = `pass.call(undefined, ${value});`;
      break;
    case 'arrowHelper':
      helpers = `const pass = (v: ${type}): void => {\n  ${sink.code('v').replaceAll('\n    ', '\n  ')}\n};`;
      body = `pass(${value});`;
      break;
    case 'classMethod':
      helpers = `class Keeper {\n  keep(v: ${type}): void {\n    ${sink.code('v')}\n  }\n}`;
      body = `new Keeper().keep(${value});`;
      break;
    case 'optionalMethod':
      helpers = `class Keeper {\n  keep(v: ${type}): void {\n    ${sink.code('v')}\n  }\n}\nconst keeper: Keeper | undefined = new Keeper();`;
      body = `keeper?.keep(${value});`;
      break;
  }
  const files = new Map<string, string>();
  const top = inHelperFile ? '' : [sink.imports ?? '', sink.decls ?? ''].filter(Boolean).join('\n');
  if (inHelperFile) {
    files.set(
      `${DIR}/helper.ts`,
      `${[sink.imports ?? '', sink.decls ?? ''].filter(Boolean).join('\n')}\n\nexport ${helper('pass', `(v: ${type}): void`, 'v')}\n`,
    );
  }
  files.set(
    `${DIR}/driver.ts`,
    `import { type ARef, type Core, Devres, module, pci } from '@drvlint/kernel';
${inHelperFile ? "import { pass } from './helper.js';\n" : ''}${top}

class Self implements Disposable {
  constructor(
    readonly pdev: ARef<pci.Device>,
    readonly bar: Devres<pci.Bar>,
  ) {}
  [Symbol.dispose](): void {}
}
${helpers}

const driver = pci.driver({
  name: 'generated',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0]]),
  probe(pdev: pci.Device<Core>): Self {
    const bar = pdev.iomapRegionSized(0, 0x10, 'generated');
    const self = new Self(pdev.ref(), bar);
    ${body}
    return self;
  },
});

export default module({ name: 'generated', authors: [], description: '', license: 'GPL', drivers: [driver] });
`,
  );
  return files;
}

const GROUP: Group = { name: 'generated', files: [], modules: [`${DIR}/driver.js`], devices: 'redhat' };

export interface Judged {
  readonly program: Program;
  readonly runtime: RuntimeVerdict;
  readonly static: StaticVerdict;
}

/** Runs programs in the simulated core (one child process for all) and through every rule. */
export class GeneratedOracle {
  readonly #static = new StaticOracle(ts, compilerOptions(), srcDir);
  readonly #runtime = new Map<string, RuntimeVerdict>();

  judge(batch: readonly Program[]): Judged[] {
    const todo = [...new Map(batch.filter((p) => !this.#runtime.has(nameOf(p))).map((p) => [nameOf(p), p])).values()];
    if (todo.length > 0) {
      const work = path.join(root, `test/.tmp-generated-${process.pid}`);
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      try {
        const jobs: RuntimeJob[] = todo.map((p, i) => {
          const dir = path.join(work, `p${i}`);
          writeBuild(dir, GROUP, { files: filesOf(p) }, this.#static.options);
          return { id: nameOf(p), dir, group: GROUP.name, spec: GROUP };
        });
        for (const v of runInCore(jobs, work)) this.#runtime.set(v.id, v);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    return batch.map((p) => ({
      program: p,
      runtime: this.#runtime.get(nameOf(p))!,
      static: this.#static.check(GROUP, { files: filesOf(p) }),
    }));
  }
}

/** What is wrong with a judged program: a fault only the core caught, a control flagged, or a program that is not well-formed. */
export function problemsOf(j: Judged): string[] {
  const out: string[] = [];
  const name = nameOf(j.program);
  if (j.static.typeErrors.length > 0) out.push(`${name} does not type-check: ${j.static.typeErrors[0]}`);
  if (j.static.internalErrors.length > 0 || j.static.blind) out.push(`${name}: ${j.static.internalErrors[0] ?? j.static.blind}`);
  const caughtAtRunTime = j.runtime.violations.length > 0;
  const found = j.static.findings.length > 0;
  if (caughtAtRunTime && !found)
    out.push(`${name}: the core caught ${j.runtime.violations.map((v) => v.kind).join(', ')}, drvlint nothing`);
  if (isControl(j.program) && found) out.push(`${name} is harmless, but drvlint reports: ${j.static.findings[0]?.message}`);
  if (isControl(j.program) && caughtAtRunTime)
    out.push(`${name} is meant to be harmless, but the core reports ${j.runtime.violations[0]?.kind}`);
  return out;
}
