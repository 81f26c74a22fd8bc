// Mutation operators: each injects one fault class from the rule contract
// (shared/spec/rules.md) at every site where it applies. A draft is a set of
// text edits on one clean file, plus what it needs: kernel names to import
// under `__` aliases, module-level code to append, and helper files beside it.
import type { Sites, UnbindSite } from './sites.js';

export interface Edit {
  readonly pos: number;
  readonly end: number;
  readonly text: string;
}

export interface Draft {
  readonly file: string;
  /** The offset the mutant is reported at (its line). */
  readonly at: number;
  readonly edits: readonly Edit[];
  /** Kernel exports to import as `__<name>` (`type X` for types). */
  readonly kernel?: readonly string[];
  /** Other import lines for the top of the file. */
  readonly header?: string;
  /** Module-level code for the end of the file. */
  readonly append?: string;
  /** Helper files to create beside `file`, by base name. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The fault classes of the rule contract; one operator belongs to one class. */
export type FaultClass =
  | 'escape'
  | 'core-view-deferred'
  | 'core-call-in-callback'
  | 'teardown-dropped-or-moved'
  | 'early-throw-after-start'
  | 'handle-not-kept'
  | 'release-in-unbind'
  | 'forged-context'
  | 'id-table';

export interface Operator {
  readonly id: string;
  readonly fault: FaultClass;
  drafts(sites: Sites, textOf: (file: string) => string): Draft[];
}

const insert = (pos: number, text: string): Edit => ({ pos, end: pos, text });
const stmt = (s: string): string => `\n    ${s}`;

// ---- escapes: the private data stored where it outlives the binding -----------

function escape(id: string, inject: string, extras: Omit<Draft, 'file' | 'at' | 'edits'> = {}): Operator {
  return {
    id,
    fault: 'escape',
    drafts: (sites, textOf) =>
      sites.probes.flatMap((p) =>
        p.returns.map((r) => {
          const expr = textOf(p.file).slice(r.expression!.getStart(), r.expression!.end);
          const text = `{ const __self = ${expr}; ${inject.replaceAll('DEV', p.device)}; return __self; }`;
          return { file: p.file, at: r.getStart(), edits: [{ pos: r.getStart(), end: r.end, text }], ...extras };
        }),
      ),
  };
}

const KEEP_HELPER = 'const kept: unknown[] = [];\n\nexport function keep(value: unknown): void {\n  kept.push(value);\n}\n';

const escapes: Operator[] = [
  escape('escape-module-let', '__kept = __self', { append: 'let __kept: unknown;' }),
  escape('escape-module-map', '__cache.set(DEV.name, __self)', { append: 'const __cache = new Map<string, unknown>();' }),
  escape('escape-module-array', '__all.push(__self)', { append: 'const __all: unknown[] = [];' }),
  escape('escape-module-object', '__state.last = __self', { append: 'const __state: { last?: unknown } = {};' }),
  escape('escape-static-member', '__Registry.last = __self', { append: 'class __Registry {\n  static last: unknown;\n}' }),
  escape('escape-globalthis', '(globalThis as Record<string, unknown>).__drvlintKept = __self'),
  escape('escape-helper-other-file', '__keep(__self)', {
    header: "import { keep as __keep } from './__keep.js';",
    extra: { '__keep.ts': KEEP_HELPER },
  }),
  escape('escape-process-listener', "process.on('exit', () => void __self)"),
  escape('escape-closure-in-module-list', '__listeners.push(() => __self)', { append: 'const __listeners: (() => unknown)[] = [];' }),
  escape('escape-module-destructured', '__kept.push(__self)', { append: 'const { kept: __kept } = { kept: [] as unknown[] };' }),
  escape('escape-module-destructuring-assign', '({ self: __kept } = { self: __self })', { append: 'let __kept: unknown;' }),
  escape('escape-default-parameter', '__keepIn(__self)', {
    append: 'const __all: unknown[] = [];\nfunction __keepIn(x: unknown, store: unknown[] = __all): void {\n  store.push(x);\n}',
  }),
  // The module pattern: state in a function the module runs once as it loads, reached through its closures.
  escape('escape-module-iife', '__tracker.add(__self)', {
    append: 'const __tracker = (() => {\n  const seen: unknown[] = [];\n  return { add: (x: unknown) => seen.push(x) };\n})();',
  }),
];

// ---- the Core view deferred past the callback --------------------------------

function atProbePositions(
  id: string,
  fault: FaultClass,
  code: (device: string) => string,
  opts: { pciOnly?: boolean; extras?: Omit<Draft, 'file' | 'at' | 'edits'> } = {},
): Operator {
  return {
    id,
    fault,
    drafts: (sites) =>
      sites.probes
        .filter((p) => !opts.pciOnly || p.bus === 'pci')
        .flatMap((p) => p.positions.map((pos) => ({ file: p.file, at: pos, edits: [insert(pos, stmt(code(p.device)))], ...opts.extras }))),
  };
}

const ENABLE_HELPER =
  "import { type Core, type pci } from '@drvlint/kernel';\n\nexport function enable(pdev: pci.Device<Core>): void {\n  pdev.setMaster();\n}\n";

const deferrals: Operator[] = [
  atProbePositions('defer-settimeout', 'core-view-deferred', (d) => `setTimeout(() => ${d}.info('late'), 0);`),
  atProbePositions('defer-microtask', 'core-view-deferred', (d) => `queueMicrotask(() => ${d}.info('late'));`),
  atProbePositions(
    'defer-async',
    'core-view-deferred',
    (d) => `void (async () => {\n      await Promise.resolve();\n      ${d}.info('late');\n    })();`,
  ),
  atProbePositions('defer-then', 'core-view-deferred', (d) => `void Promise.resolve().then(() => ${d}.info('late'));`),
  atProbePositions('defer-resolve-value', 'core-view-deferred', (d) => `void Promise.resolve(${d}).then((dev) => dev.info('late'));`),
  atProbePositions('defer-bind', 'core-view-deferred', (d) => `setTimeout(${d}.info.bind(${d}, 'late'), 0);`),
  atProbePositions('defer-setimmediate', 'core-view-deferred', (d) => `setImmediate(() => ${d}.info('late'));`),
  atProbePositions('defer-nexttick', 'core-view-deferred', (d) => `process.nextTick(() => ${d}.info('late'));`),
  atProbePositions('defer-timer-argument', 'core-view-deferred', (d) => `setTimeout((dev: typeof ${d}) => dev.info('late'), 0, ${d});`),
  // Held by something the deferred closure reaches: an object's method, a local class's instance, a generator.
  atProbePositions(
    'defer-object-method',
    'core-view-deferred',
    (d) => `const __ops = {\n      go() {\n        ${d}.info('late');\n      },\n    };\n    setTimeout(() => __ops.go(), 0);`,
  ),
  atProbePositions(
    'defer-object-member',
    'core-view-deferred',
    (d) => `const __job = { run: () => ${d}.info('late') };\n    setTimeout(__job.run, 0);`,
  ),
  atProbePositions(
    'defer-local-class',
    'core-view-deferred',
    (d) =>
      `class __Later {\n      run(): void {\n        ${d}.info('late');\n      }\n    }\n    const __l = new __Later();\n    setTimeout(() => __l.run(), 0);`,
  ),
  atProbePositions(
    'defer-generator',
    'core-view-deferred',
    (d) => `const __steps = __later(${d});\n    __steps.next();\n    setTimeout(() => __steps.next(), 0);`,
    {
      extras: { append: "function* __later(dev: { info(m: string): void }): Generator<void> {\n  yield;\n  dev.info('late');\n}" },
    },
  ),
  atProbePositions('core-call-settimeout', 'core-call-in-callback', (d) => `setTimeout(() => ${d}.setMaster(), 0);`, { pciOnly: true }),
  atProbePositions('core-call-microtask', 'core-call-in-callback', (d) => `queueMicrotask(() => ${d}.enableDeviceMem());`, {
    pciOnly: true,
  }),
  atProbePositions('core-call-helper-other-file', 'core-call-in-callback', (d) => `setTimeout(() => __enableLater(${d}), 0);`, {
    pciOnly: true,
    extras: { header: "import { enable as __enableLater } from './__enable.js';", extra: { '__enable.ts': ENABLE_HELPER } },
  }),
  atProbePositions(
    'core-call-named-closure',
    'core-call-in-callback',
    (d) => `const __later = (): void => ${d}.setMaster();\n    setTimeout(__later, 0);`,
    { pciOnly: true },
  ),
];

// ---- early exits after something was started ----------------------------------

const CHECK_HELPER =
  "import { KernelError, errno } from '@drvlint/kernel';\n\nexport function check(ok: boolean): void {\n  if (!ok) throw new KernelError(errno.ENODEV);\n}\n";

function earlyThrow(id: string, code: string, extras: Omit<Draft, 'file' | 'at' | 'edits'>): Operator {
  return {
    id,
    fault: 'early-throw-after-start',
    drafts: (sites) => [
      ...sites.probes.flatMap((p) => p.positions.map((pos) => ({ file: p.file, at: pos, edits: [insert(pos, stmt(code))], ...extras }))),
      ...sites.constructors.flatMap((c) =>
        c.positions.map((pos) => ({ file: c.file, at: pos, edits: [insert(pos, stmt(code))], ...extras })),
      ),
    ],
  };
}

const earlyThrows: Operator[] = [
  earlyThrow('throw-after-start', 'if (Date.now() > 0) throw new __KernelError(__errno.EIO);', { kernel: ['KernelError', 'errno'] }),
  earlyThrow('never-call-after-start', 'if (Date.now() > 0) __fail();', {
    kernel: ['KernelError', 'errno'],
    append: 'function __fail(): never {\n  throw new __KernelError(__errno.EIO);\n}',
  }),
  // A function that throws, given to a call that runs it before returning: the throw is the call's.
  earlyThrow('throw-in-array-callback', '[Date.now()].forEach((t) => {\n  if (t > 0) throw new __KernelError(__errno.EIO);\n});', {
    kernel: ['KernelError', 'errno'],
  }),
  earlyThrow('throwing-function-by-name', '[Date.now()].map(__checked);', {
    kernel: ['KernelError', 'errno'],
    append: 'function __checked(t: number): number {\n  if (t > 0) throw new __KernelError(__errno.EIO);\n  return t;\n}',
  }),
  earlyThrow('throw-in-callback-of-helper', '__each([Date.now()], (t) => {\n  if (t > 0) throw new __KernelError(__errno.EIO);\n});', {
    kernel: ['KernelError', 'errno'],
    append: 'function __each<T>(xs: readonly T[], f: (x: T) => void): void {\n  for (const x of xs) f(x);\n}',
  }),
  earlyThrow('node-assert-after-start', '__assert(Date.now() < 0);', { header: "import __assert from 'node:assert';" }),
  earlyThrow('throwing-helper-other-file', '__check(Date.now() < 0);', {
    header: "import { check as __check } from './__check.js';",
    extra: { '__check.ts': CHECK_HELPER },
  }),
  {
    id: 'fallible-kernel-call-after-start',
    fault: 'early-throw-after-start',
    // A kernel call that fails on the exercised device: BAR 5 and IRQ 7 do not exist.
    drafts: (sites) => [
      ...sites.probes.flatMap((p) => {
        const call =
          p.bus === 'pci' ? `${p.device}.iomapRegion(5, 'missing');` : p.bus === 'platform' ? `${p.device}.irqByIndex(7);` : undefined;
        return call === undefined ? [] : p.positions.map((pos) => ({ file: p.file, at: pos, edits: [insert(pos, stmt(call))] }));
      }),
      ...sites.constructors.flatMap((c) =>
        c.device?.bus !== 'pci'
          ? []
          : c.positions.map((pos) => ({
              file: c.file,
              at: pos,
              edits: [insert(pos, stmt(`${c.device!.name}.iomapRegion(5, 'missing');`))],
            })),
      ),
    ],
  },
];

// ---- a RequiresTeardown value that nobody keeps ------------------------------

const TIMER = '__hrtimer.create(() => __hrtimer.Restart.NoRestart).start(1_000_000_000)';
const WATCHDOG_HELPER =
  "import { hrtimer } from '@drvlint/kernel';\n\nexport function startWatchdog(): void {\n  hrtimer.create(() => hrtimer.Restart.Restart).start(1_000_000_000);\n}\n";

const handles: Operator[] = [
  atProbePositions('handle-dropped-statement', 'handle-not-kept', () => `${TIMER};`, { extras: { kernel: ['hrtimer'] } }),
  atProbePositions('handle-unused-local', 'handle-not-kept', () => `const __timer = ${TIMER};`, { extras: { kernel: ['hrtimer'] } }),
  atProbePositions('handle-dropped-in-helper', 'handle-not-kept', () => '__startWatch();', {
    extras: { kernel: ['hrtimer'], append: `function __startWatch(): void {\n  ${TIMER};\n}` },
  }),
  atProbePositions('handle-dropped-in-expression', 'handle-not-kept', (d) => `${d}.info(\`watch ${'${'}${TIMER} !== undefined}\`);`, {
    extras: { kernel: ['hrtimer'] },
  }),
  atProbePositions('handle-in-local-collection', 'handle-not-kept', () => `const __timers: unknown[] = [];\n    __timers.push(${TIMER});`, {
    extras: { kernel: ['hrtimer'] },
  }),
  atProbePositions('handle-dropped-helper-other-file', 'handle-not-kept', () => '__startWatchdog();', {
    extras: { header: "import { startWatchdog as __startWatchdog } from './__watchdog.js';", extra: { '__watchdog.ts': WATCHDOG_HELPER } },
  }),
  atProbePositions('work-handle-dropped', 'handle-not-kept', () => '__workqueue.system.enqueue(() => {});', {
    extras: { kernel: ['workqueue'] },
  }),
];

// ---- required teardown dropped or moved ----------------------------------------

function teardown(id: string, wrap: (statement: string) => string): Operator {
  return {
    id,
    fault: 'teardown-dropped-or-moved',
    drafts: (sites, textOf) =>
      sites.teardowns.map((t) => {
        const s = textOf(t.file).slice(t.statement.getStart(), t.statement.end);
        return { file: t.file, at: t.statement.getStart(), edits: [{ pos: t.statement.getStart(), end: t.statement.end, text: wrap(s) }] };
      }),
  };
}

const teardowns: Operator[] = [
  teardown('teardown-dropped', () => 'void 0;'),
  teardown('teardown-conditional', (s) => `if (Date.now() < 0) {\n      ${s}\n    }`),
  teardown('teardown-deferred', (s) => `setTimeout(() => {\n      ${s}\n    }, 0);`),
];

// ---- release in unbind ---------------------------------------------------------

/** `code` at the start of unbind, or in an unbind added to the driver definition. */
function inUnbind(u: UnbindSite, textOf: (file: string) => string, code: (device: string, self: string) => string): Draft {
  if (u.existing) return { file: u.file, at: u.at, edits: [insert(u.at, stmt(code(u.device, u.self)))] };
  const before = textOf(u.file).slice(0, u.at).trimEnd();
  const comma = before.endsWith(',') || before.endsWith('{') ? '' : ',';
  return { file: u.file, at: u.at, edits: [insert(before.length, `${comma}\n  unbind(dev, self) {\n    ${code('dev', 'self')}\n  },`)] };
}

const releases: Operator[] = [
  {
    id: 'release-self-in-unbind',
    fault: 'release-in-unbind',
    drafts: (sites, textOf) =>
      sites.unbinds.filter((u) => u.selfDisposes).map((u) => inUnbind(u, textOf, (_d, self) => `${self}[Symbol.dispose]();`)),
  },
  {
    id: 'release-resource-in-unbind',
    fault: 'release-in-unbind',
    drafts: (sites, textOf) =>
      sites.unbinds.flatMap((u) =>
        u.devresFields.map((f) => inUnbind(u, textOf, (d, self) => `${self}.${f}.access(${d})[Symbol.dispose]();`)),
      ),
  },
];

// ---- forged contexts -------------------------------------------------------------

function forge(
  id: string,
  code: (device: string, type: string, call: string, aref: string) => string,
  extras: (type: string, call: string, aref: string) => Omit<Draft, 'file' | 'at' | 'edits'>,
): Operator {
  return {
    id,
    fault: 'forged-context',
    drafts: (sites) =>
      sites.probes.map((p) => {
        const ctx = p.bus === 'pci' ? 'Core' : 'CoreInternal';
        const type = `__${p.bus}.Device<__${ctx}>`;
        const call = p.bus === 'pci' ? 'setMaster()' : 'setDrvdata(undefined)';
        const aref = `__ARef<__${p.bus}.Device>`;
        const pos = p.positions[0]!;
        const more = extras(type, call, aref);
        return {
          file: p.file,
          at: pos,
          edits: [insert(pos, stmt(code(p.device, type, call, aref)))],
          ...more,
          kernel: [p.bus, `type ${ctx}`, ...(more.kernel ?? [])],
        };
      }),
  };
}

const forgeries: Operator[] = [
  forge(
    'forge-double-cast',
    (d, t, c) => `(${d}.ref() as unknown as ${t}).${c};`,
    () => ({}),
  ),
  forge(
    'forge-generic-helper',
    (d, t, c) => `__upgrade<${t}>(${d}.ref()).${c};`,
    () => ({ append: 'function __upgrade<T>(value: unknown): T {\n  return value as T;\n}' }),
  ),
  forge(
    'forge-type-predicate',
    (d, _t, c) => `const __r = ${d}.ref();\n    if (__isCore(__r)) __r.${c};`,
    (t) => ({
      append: `function __isCore(value: unknown): value is ${t} {\n  return value !== undefined;\n}`,
    }),
  ),
  forge(
    'forge-any-parameter',
    (d) => `__enable(${d}.ref());`,
    (_t, c) => ({ append: `function __enable(dev: any): void {\n  dev.${c};\n}` }),
  ),
  forge(
    'forge-overload-any',
    (d) => `__enable(${d}.ref());`,
    (t, c, a) => ({
      kernel: ['type ARef'],
      append: `function __enable(dev: ${t}): void;\nfunction __enable(dev: ${a}): void;\nfunction __enable(dev: any): void {\n  dev.${c};\n}`,
    }),
  ),
  forge(
    'forge-function-cast',
    (d, t, c) => `const __up = ((value: unknown) => value) as (value: unknown) => ${t};\n    __up(${d}.ref()).${c};`,
    () => ({}),
  ),
  forge(
    'forge-ts-nocheck-file',
    (d) => `__enableUnchecked(${d}.ref());`,
    (_t, c) => ({
      header: "import { enable as __enableUnchecked } from './__unchecked.js';",
      extra: { '__unchecked.ts': `// @ts-nocheck\nexport function enable(dev) {\n  dev.${c};\n}\n` },
    }),
  ),
  forge(
    'forge-ts-ignore',
    (d, _t, c) => `// @ts-ignore\n    ${d}.ref().${c};`,
    () => ({}),
  ),
  forge(
    'forge-any-literal-member',
    (d, t, c) => `const { dev: __up }: { dev: ${t} } = { dev: ${d}.ref() as any };\n    __up.${c};`,
    () => ({}),
  ),
];

// ---- id tables ----------------------------------------------------------------------

const idTables: Operator[] = [
  {
    id: 'id-table-duplicate',
    fault: 'id-table',
    drafts: (sites, textOf) =>
      sites.idTables.flatMap((t) => {
        const first = t.array.elements[0];
        if (first === undefined) return [];
        return [
          { file: t.file, at: t.call.getStart(), edits: [insert(first.end, `, ${textOf(t.file).slice(first.getStart(), first.end)}`)] },
        ];
      }),
  },
  {
    id: 'id-table-zero-first',
    fault: 'id-table',
    drafts: (sites, textOf) =>
      sites.idTables.map((t) => {
        const items = t.array.elements.map((e) => textOf(t.file).slice(e.getStart(), e.end));
        const zero = `${t.bus}.DeviceId.ZERO`;
        return {
          file: t.file,
          at: t.call.getStart(),
          edits: [{ pos: t.call.getStart(), end: t.call.end, text: `${t.bus}.rawIdTable([${[zero, ...items, zero].join(', ')}])` }],
        };
      }),
  },
  {
    id: 'id-table-no-terminator',
    fault: 'id-table',
    drafts: (sites, textOf) =>
      sites.idTables.map((t) => {
        const items = t.array.elements.map((e) => textOf(t.file).slice(e.getStart(), e.end));
        return {
          file: t.file,
          at: t.call.getStart(),
          edits: [{ pos: t.call.getStart(), end: t.call.end, text: `${t.bus}.rawIdTable([${items.join(', ')}])` }],
        };
      }),
  },
];

export const operators: readonly Operator[] = [
  ...escapes,
  ...deferrals,
  ...earlyThrows,
  ...handles,
  ...teardowns,
  ...releases,
  ...forgeries,
  ...idTables,
];
