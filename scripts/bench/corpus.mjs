// A seeded corpus of distinct drivers that looks like users' code, for the
// benchmark: pci, platform and auxiliary drivers of 2-3 files and
// ~200 lines each, with register maps, helpers in other files and in shared
// modules, timers, work and IRQs torn down in unbind, and one fault in every
// tenth driver. Driver i depends only on (seed, i), never on N, so the corpus
// for N drivers is a prefix of the corpus for any larger N, and the
// benchmark's sizes measure the same code growing.
//
//   node scripts/bench/corpus.mjs <dir> <drivers> [seed]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The faults, one per buggy driver in turn, each with the rule that must find it. */
export const FAULTS = [
  { kind: 'global-cache', rule: 'no-escape' },
  { kind: 'timer-not-cancelled', rule: 'required-teardown' },
  { kind: 'stale-view', rule: 'core-context' },
  { kind: 'raw-table-unterminated', rule: 'id-table' },
  { kind: 'release-in-unbind', rule: 'unbind-teardown-only' },
  { kind: 'forged-context', rule: 'no-context-forgery' },
  { kind: 'driver-in-let', rule: 'static-driver' },
  { kind: 'work-dropped', rule: 'required-teardown' },
];

// mulberry32: small, fast, and the same on every Node.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n) => `0x${n.toString(16)}`;
const WORDS = [
  'ctrl',
  'status',
  'irq_mask',
  'irq_status',
  'dma_lo',
  'dma_hi',
  'fifo',
  'clock',
  'power',
  'reset',
  'scratch',
  'version',
  'link',
  'rate',
  'thresh',
  'fault',
  'config',
  'mode',
  'lane',
  'gain',
];
const VENDORS = ['REDHAT', 'INTEL', 'AMD', 'QEMU', 'VIRTIO', 'NVIDIA'];

/** The plan for driver `i`: everything the files are written from, decided by (seed, i) alone. */
export function planOf(seed, i, bugEvery = 10) {
  const r = rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35));
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const buggy = (i + 1) % bugEvery === 0;
  const fault = buggy ? FAULTS[Math.floor(i / bugEvery) % FAULTS.length] : undefined;
  let bus = pick(['pci', 'pci', 'pci', 'pci', 'platform', 'platform', 'platform', 'auxiliary', 'auxiliary', 'auxiliary']);
  // These faults need a PCI device (a Core-only operation, a BAR to map).
  if (fault && ['forged-context', 'stale-view', 'timer-not-cancelled', 'release-in-unbind'].includes(fault.kind) && bus !== 'pci')
    bus = 'pci';
  const regs = [];
  const used = new Set();
  const nregs = int(7, 14);
  while (regs.length < nregs) {
    const w = `${pick(WORDS)}${used.size > 10 ? int(0, 9) : ''}`;
    if (used.has(w)) continue;
    used.add(w);
    regs.push({ name: w.toUpperCase(), off: regs.length * 4 });
  }
  const timer = fault?.kind === 'timer-not-cancelled' || r() < 0.5;
  const work = fault?.kind === 'work-dropped' || (!timer && r() < 0.6) || r() < 0.2;
  return {
    i,
    id: `d${String(i).padStart(4, '0')}`,
    bus,
    fault,
    regs,
    barSize: 0x100 * int(1, 16),
    vendor: pick(VENDORS),
    devices: Array.from({ length: int(1, 4) }, (_, k) => 0x1000 + ((i * 7 + k * 131) & 0xfff)),
    helpers: int(4, 8),
    timer,
    timerPeriod: int(1, 50) * 1_000_000,
    work,
    irq: bus !== 'auxiliary' && r() < 0.5,
    threeFiles: r() < 0.6,
    variants: int(2, 5),
    defaults: Array.from({ length: int(2, Math.min(6, nregs)) }, (_, k) => [k, int(0, 0xffff)]),
    helperShapes: Array.from({ length: 8 }, () => int(0, 3)),
  };
}

const COMMON = {
  'common/bits.ts': `// Bit helpers shared by every driver in the corpus.

export function bit(n: number): number {
  return (1 << n) >>> 0;
}

export function field(value: number, hi: number, lo: number): number {
  return (value >>> lo) & ((1 << (hi - lo + 1)) - 1);
}

export function withField(value: number, hi: number, lo: number, f: number): number {
  const mask = ((1 << (hi - lo + 1)) - 1) << lo;
  return ((value & ~mask) | ((f << lo) & mask)) >>> 0;
}

/** Read until \`mask\` is set or \`tries\` reads were made; how many reads it took, or -1. */
export function pollUntil(read: () => number, mask: number, tries: number): number {
  for (let n = 0; n < tries; n++) {
    if ((read() & mask) !== 0) return n + 1;
  }
  return -1;
}
`,
  'common/log.ts': `// Logging helpers shared by every driver in the corpus.
import type { Device } from '@drvlint/kernel';

export function describe(dev: Device, what: string, value: number): void {
  dev.info(\`\${what}: 0x\${value.toString(16)}\`);
}

export function warnOnce(dev: Device, seen: Set<string>, what: string): void {
  if (seen.has(what)) return;
  seen.add(what);
  dev.warn(what);
}
`,
};

function regsFile(p) {
  const L = [];
  L.push(`// Register map and chip decoding for ${p.id}.`, `import { field } from '../common/bits.js';`, '');
  for (const reg of p.regs) L.push(`export const ${reg.name} = ${hex(reg.off)};`);
  L.push(`export const BAR_SIZE = ${hex(p.barSize)};`, '');
  L.push(
    'export interface ChipInfo {',
    '  readonly revision: number;',
    '  readonly variant: number;',
    '  readonly lanes: number;',
    '  readonly name: string;',
    '}',
    '',
  );
  L.push(`export const DEFAULTS: readonly (readonly [number, number])[] = [`);
  for (const [k, v] of p.defaults) L.push(`  [${p.regs[k].name}, ${hex(v)}],`);
  L.push('];', '');
  L.push('export function decodeChip(id: number): ChipInfo {', '  const variant = field(id, 7, 4);', '  switch (variant) {');
  for (let v = 0; v < p.variants; v++) {
    L.push(`    case ${v}:`, `      return { revision: field(id, 3, 0), variant, lanes: ${1 << v}, name: '${p.id}-v${v}' };`);
  }
  L.push(`    default:`, `      return { revision: field(id, 3, 0), variant, lanes: 1, name: '${p.id}-unknown' };`, '  }', '}', '');
  L.push(
    'export function laneMask(info: ChipInfo): number {',
    '  let mask = 0;',
    '  for (let lane = 0; lane < info.lanes; lane++) mask |= 1 << lane;',
    '  return mask >>> 0;',
    '}',
  );
  return L.join('\n');
}

/** The MMIO type a driver's helpers take. */
const ioType = (p) => (p.bus === 'pci' ? 'pci.Bar' : 'IoMem');

function helpersBlock(p) {
  const R = p.regs;
  const reg = (k) => R[k % R.length].name;
  const L = [];
  L.push(
    `export function resetChip(io: ${ioType(p)}): number {`,
    `  io.write32(bit(0), ${reg(0)});`,
    `  return pollUntil(() => io.read32(${reg(1)}), bit(1), 16);`,
    '}',
    '',
  );
  L.push(
    `export function applyDefaults(io: ${ioType(p)}): number {`,
    '  let written = 0;',
    '  for (const [reg, value] of DEFAULTS) {',
    '    io.write32(value, reg);',
    '    written++;',
    '  }',
    '  return written;',
    '}',
    '',
  );
  L.push(`export function readChip(io: ${ioType(p)}): ChipInfo {`, `  return decodeChip(io.read32(${reg(2)}));`, '}', '');
  for (let h = 0; h < p.helpers; h++) {
    const a = reg(h + 3);
    const b = reg(h + 5);
    switch (p.helperShapes[h]) {
      case 0:
        L.push(
          `export function sample${h}(io: ${ioType(p)}, rounds: number): number {`,
          '  let acc = 0;',
          '  for (let n = 0; n < rounds; n++) {',
          `    acc = (acc + io.read32(${a})) >>> 0;`,
          `    if ((acc & bit(${h % 8})) !== 0) io.write32(acc, ${b});`,
          '  }',
          '  return acc;',
          '}',
          '',
        );
        break;
      case 1:
        L.push(
          `export function program${h}(io: ${ioType(p)}, info: ChipInfo): void {`,
          `  const mode = withField(io.read32(${a}), 7, 4, info.variant);`,
          '  if (info.lanes > 2) {',
          `    io.write32(mode | laneMask(info), ${b});`,
          '  } else {',
          `    io.write32(mode, ${b});`,
          '  }',
          '}',
          '',
        );
        break;
      case 2:
        L.push(
          `export function status${h}(io: ${ioType(p)}): string {`,
          `  const s = io.read32(${a});`,
          '  switch (field(s, 2, 0)) {',
          '    case 0:',
          "      return 'idle';",
          '    case 1:',
          "      return 'busy';",
          '    case 2:',
          "      return 'error';",
          '    default:',
          "      return 'unknown';",
          '  }',
          '}',
          '',
        );
        break;
      default:
        L.push(
          `export function drain${h}(io: ${ioType(p)}, limit: number): number[] {`,
          '  const out: number[] = [];',
          `  while (out.length < limit && (io.read32(${a}) & bit(0)) === 0) out.push(io.read8(${b}));`,
          '  return out;',
          '}',
          '',
        );
    }
  }
  return L;
}

function engineBlock(p) {
  if (!p.timer && !p.work) return [];
  const devType = p.bus === 'pci' ? 'pci.Device' : p.bus === 'platform' ? 'platform.Device' : 'auxiliary.Device';
  const L = [];
  const methods = [];
  L.push(
    `/** Background activity of one bound ${p.id}: must be stopped in unbind. */`,
    `export class Engine implements RequiresTeardown<'stop'> {`,
  );
  if (p.timer) L.push('  readonly #timer: hrtimer.Handle;');
  if (p.work && p.fault?.kind !== 'work-dropped') L.push('  readonly #work: workqueue.WorkHandle;');
  L.push('  ticks = 0;', '  pending = 0;', '');
  const src = p.bus === 'auxiliary' ? '' : `, readonly io: Devres<${ioType(p)}>`;
  L.push(`  constructor(dev: ${devType}<Bound>${src}) {`);
  if (p.timer) {
    const body =
      p.bus === 'auxiliary'
        ? ['        this.ticks++;']
        : [
            `        const s = this.io.tryAccessWith((io) => io.read32(${p.regs[1].name}));`,
            '        if (s !== undefined && (s & bit(2)) !== 0) this.ticks++;',
          ];
    if (p.fault?.kind === 'stale-view') body.push('        this.pending++;');
    L.push(
      '    this.#timer = hrtimer',
      '      .create(() => {',
      ...body,
      '        return hrtimer.Restart.Restart;',
      '      })',
      `      .start(${p.timerPeriod});`,
    );
  }
  if (p.work) {
    const q = ['() => {', '      this.pending++;', '    }'];
    if (p.fault?.kind === 'work-dropped') L.push(`    workqueue.system.enqueue(${q.join('\n')});`);
    else L.push(`    this.#work = workqueue.system.enqueue(${q.join('\n')});`);
  }
  L.push("    requireTeardown(this, 'stop');", `    dev.info('${p.id}: engine started');`, '  }', '');
  methods.push('  stop(): void {');
  if (p.timer && p.fault?.kind !== 'timer-not-cancelled') methods.push('    this.#timer.cancel();');
  if (p.work && p.fault?.kind !== 'work-dropped') methods.push('    this.#work.cancelSync();');
  methods.push('    this.ticks = 0;', '  }', '}', '');
  return [...L, ...methods];
}

function kernelImports(p, names) {
  return `import { ${[...new Set(names)].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''))).join(', ')} } from '@drvlint/kernel';`;
}

function hwFile(p) {
  const names = [];
  if (p.bus === 'pci') names.push('pci');
  if (p.bus === 'platform') names.push('type IoMem', 'platform');
  if (p.bus === 'auxiliary') names.push('auxiliary');
  if (p.timer || p.work) names.push('type Bound', 'type RequiresTeardown', 'requireTeardown');
  if ((p.timer || p.work) && p.bus !== 'auxiliary') names.push('type Devres');
  if (p.timer) names.push('hrtimer');
  if (p.work) names.push('workqueue');
  const L = [`// Hardware helpers for ${p.id}, used by its driver.`];
  if (p.bus === 'auxiliary') {
    L.push(
      kernelImports(
        p,
        names.filter((n) => n !== 'auxiliary' || p.timer || p.work),
      ),
    );
    L.push('');
    L.push('export function channelOf(id: number, lanes: number): number {', '  return lanes === 0 ? 0 : id % lanes;', '}', '');
    for (let h = 0; h < p.helpers; h++)
      L.push(
        `export function weight${h}(values: readonly number[]): number {`,
        '  let w = 0;',
        `  for (const v of values) w += (v * ${h + 3}) % 17;`,
        '  return w;',
        '}',
        '',
      );
    L.push(...engineBlock(p));
    return L.join('\n');
  }
  const body = [...helpersBlock(p), ...engineBlock(p)].join('\n');
  const regNames = p.regs.map((r) => r.name);
  L.push(
    kernelImports(
      p,
      names.filter((n) => uses(body, n)),
    ),
  );
  L.push(`import { ${['bit', 'field', 'pollUntil', 'withField'].filter((n) => uses(body, n)).join(', ')} } from '../common/bits.js';`);
  L.push(
    `import { ${['type ChipInfo', 'DEFAULTS', ...regNames.sort(), 'decodeChip', 'laneMask'].filter((n) => uses(body, n)).join(', ')} } from './regs.js';`,
  );
  L.push('', body);
  return L.join('\n');
}

function driverFile(p, files) {
  const f = p.fault?.kind;
  const bus = p.bus;
  const dev = `${bus}.Device`;
  const names = [bus, 'type Core', 'type ARef', 'module', 'KernelError', 'errno'];
  const fields = [`readonly dev: ${f === 'stale-view' ? `${dev}<Core>` : `ARef<${dev}>`}`];
  const hwNames = [];
  const L = [`// ${p.id}: a ${bus} driver of the generated benchmark corpus.${f ? ` FAULT: ${f}.` : ''}`];
  if (bus !== 'auxiliary') {
    names.push('Devres');
    fields.push(`readonly io: Devres<${ioType(p)}>`, 'readonly chip: ChipInfo');
    hwNames.push('applyDefaults', 'readChip', 'resetChip');
    if (bus === 'platform') names.push('type IoMem');
  }
  if (p.timer || p.work) {
    fields.push('readonly engine: Engine');
    hwNames.push('Engine');
  }
  if (p.irq) {
    names.push('irq', 'type Devres');
    fields.push('readonly line: Devres<irq.Registration>');
  }
  if (bus === 'auxiliary') {
    names.push('pci', 'Devres');
    hwNames.push('channelOf');
  }
  L.push(
    kernelImports(
      p,
      names.filter((n) => !(n === 'type Devres' && names.includes('Devres'))),
    ),
  );
  L.push(`import { describe${p.bus === 'auxiliary' ? '' : ', warnOnce'} } from '../common/log.js';`);
  if (hwNames.length) L.push(`import { ${hwNames.sort().join(', ')} } from './${files.hw}';`);
  if (bus !== 'auxiliary') L.push(`import { ${bus === 'pci' ? 'BAR_SIZE, ' : ''}type ChipInfo } from './${files.regs}';`);
  L.push('');
  L.push(`const MODULE_NAME = '${p.id}';`, '');
  if (f === 'global-cache') L.push(`const registry = new Map<string, ${cls(p)}>();`, '');
  L.push(`class ${cls(p)} implements Disposable {`, '  readonly seen = new Set<string>();', '', '  constructor(');
  for (const x of fields) L.push(`    ${x},`);
  L.push('  ) {}', '');
  L.push('  [Symbol.dispose](): void {');
  if (f === 'forged-context') L.push(`    (this.dev as unknown as ${dev}<Core>).disableDevice();`);
  L.push(`    this.dev.info('${p.id}: released');`, '  }', '}', '');
  if (p.irq) {
    L.push(
      `const handler: irq.Handler = {`,
      '  handle(dev) {',
      `    dev.info('${p.id}: interrupt');`,
      '    return irq.Return.Handled;',
      '  },',
      '};',
      '',
    );
  }
  // Id table
  const info = `{ lanes: ${p.variants} }`;
  if (bus === 'pci') {
    const entries = p.devices.map((d) => `[pci.DeviceId.fromId(pci.Vendor.${p.vendor}, ${hex(d)}), ${info}]`);
    if (f === 'raw-table-unterminated') L.push(`const TABLE = pci.rawIdTable([`, ...entries.map((e) => `  ${e},`), ']);');
    else L.push(`const TABLE = pci.idTable([`, ...entries.map((e) => `  ${e},`), ']);');
  } else if (bus === 'platform') {
    L.push(
      `const OF_TABLE = of.${f === 'raw-table-unterminated' ? 'rawIdTable' : 'idTable'}([`,
      ...p.devices.map((d, k) => `  [of.DeviceId.new('corp,${p.id}-${k}'), ${info}],`),
      ']);',
    );
    L.push(
      `const ACPI_TABLE = acpi.idTable([[acpi.DeviceId.new('CORP${hex(p.devices[0]).slice(2).toUpperCase().padStart(4, '0')}'), ${info}]]);`,
    );
    names.push('of', 'acpi');
  } else {
    L.push(
      `const AUX_TABLE = auxiliary.${f === 'raw-table-unterminated' ? 'rawIdTable' : 'idTable'}([`,
      ...p.devices.map((_, k) => `  [auxiliary.DeviceId.new(MODULE_NAME, 'port${k}'), ${info}],`),
      ']);',
    );
    L.push(`const PARENT_TABLE = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.${p.vendor}, ${hex(p.devices[0])}), undefined]]);`);
  }
  L.push('');
  // Parent driver for auxiliary: registers the auxiliary devices.
  if (bus === 'auxiliary') {
    L.push(`class Parent {`, `  constructor(readonly ports: readonly Devres<auxiliary.Registration>[]) {}`, '}', '');
    L.push(
      `const parentDriver = pci.driver({`,
      `  name: '${p.id}_parent',`,
      '  idTable: PARENT_TABLE,',
      `  probe(pdev: pci.Device<Core>, _info: undefined): Parent {`,
      '    pdev.enableDeviceMem();',
      `    const ports: Devres<auxiliary.Registration>[] = [];`,
      `    for (let k = 0; k < ${p.devices.length}; k++) ports.push(auxiliary.Registration.new(pdev, 'port' + k, k, MODULE_NAME));`,
      '    return new Parent(ports);',
      '  },',
      '});',
      '',
    );
  }
  const decl = f === 'driver-in-let' ? 'let' : 'const';
  L.push(`${decl} driver = ${bus}.driver({`, `  name: MODULE_NAME,`);
  if (bus === 'platform') L.push('  ofIdTable: OF_TABLE,', '  acpiIdTable: ACPI_TABLE,');
  else L.push(`  idTable: ${bus === 'pci' ? 'TABLE' : 'AUX_TABLE'},`);
  const infoType = bus === 'platform' ? '{ lanes: number } | undefined' : '{ lanes: number }';
  L.push(`  probe(dev: ${dev}<Core>, info: ${infoType}): ${cls(p)} {`);
  L.push(`    dev.info('${p.id}: probing');`);
  const args = [f === 'stale-view' ? 'dev' : 'dev.ref()'];
  if (bus === 'pci') {
    L.push('    dev.enableDeviceMem();', '    dev.setMaster();', `    const io = dev.iomapRegionSized(0, BAR_SIZE, MODULE_NAME);`);
  } else if (bus === 'platform') {
    L.push(
      '    const request = dev.ioRequestByIndex(0);',
      '    if (request === undefined) throw new KernelError(errno.ENODEV);',
      '    const io = request.iomap();',
    );
  }
  if (bus !== 'auxiliary') {
    L.push(
      '    const regs = io.access(dev);',
      '    if (resetChip(regs) < 0) throw new KernelError(errno.EIO);',
      '    const chip = readChip(regs);',
    );
    L.push(
      `    if (chip.lanes < ${bus === 'platform' ? '(info?.lanes ?? 1)' : 'info.lanes'}) describe(dev, 'fewer lanes than the table says', chip.lanes);`,
    );
    L.push('    describe(dev, `${chip.name} defaults`, applyDefaults(regs));');
    args.push('io', 'chip');
  } else {
    L.push(
      '    const parent = dev.parent();',
      '    if (parent === undefined) throw new KernelError(errno.EINVAL);',
      '    const host = pci.Device.fromDevice(parent);',
      '    if (host === undefined) throw new KernelError(errno.ENODEV);',
    );
    L.push('    describe(dev, `channel of ${dev.id()}`, channelOf(dev.id(), info.lanes));');
  }
  if (p.irq) {
    L.push(
      bus === 'pci'
        ? `    const line = dev.requestIrq(0, MODULE_NAME, handler);`
        : `    const line = dev.requestIrqByIndex(0, MODULE_NAME, handler);`,
    );
  }
  if (p.timer || p.work) L.push(`    const engine = new Engine(dev${bus === 'auxiliary' ? '' : ', io'});`);
  if (p.timer || p.work) args.push('engine');
  if (p.irq) args.push('line');
  L.push(`    const self = new ${cls(p)}(${args.join(', ')});`);
  if (f === 'global-cache') L.push('    registry.set(dev.name, self);');
  L.push('    return self;', '  },');
  L.push(`  unbind(dev: ${dev}<Core>, self: ${cls(p)}): void {`);
  if (p.timer || p.work) L.push('    self.engine.stop();');
  if (bus !== 'auxiliary') {
    L.push(
      '    const regs = self.io.access(dev);',
      '    resetChip(regs);',
      '    if (self.seen.size > 0) warnOnce(dev, self.seen, `${self.chip.name} unbound with warnings`);',
    );
  } else L.push(`    dev.info('${p.id}: unbinding');`);
  if (f === 'release-in-unbind') L.push('    self[Symbol.dispose]();');
  L.push('  },', '});', '');
  L.push(
    'export default module({',
    '  name: MODULE_NAME,',
    "  authors: ['drvlint corpus'],",
    `  description: 'generated ${bus} driver ${p.i}',`,
    "  license: 'GPL v2',",
    `  drivers: [${bus === 'auxiliary' ? 'parentDriver, driver' : 'driver'}],`,
    '});',
    '',
  );
  // The imports line was written before of/acpi were known: rewrite it.
  const first = L.findIndex((l) => l.startsWith('import {') && l.includes("'@drvlint/kernel'"));
  L[first] = kernelImports(
    p,
    names.filter((n) => !(n === 'type Devres' && names.includes('Devres'))),
  );
  return L.join('\n');
}

/** Whether generated code mentions an import (`type X` counts as X). */
const uses = (body, name) => new RegExp(`\\b${name.replace(/^type /, '')}\\b`).test(body);

const cls = (p) => `Driver${p.id.slice(1)}`;

/** The files of driver `p`, relative to `src/`. */
/**
 * The mixes of call shapes the benchmark measures, on top of the drivers
 * above: `base` is them alone. `calls` adds, to every driver, what the
 * analysis must resolve a signature for: generic helpers, overloads,
 * callbacks to array methods and promise chains, methods called through an
 * interface with several implementations, optional chaining, and a chain of
 * helpers `depth` deep. `classes` writes the same as classes with methods,
 * deeper, in bigger files.
 */
export const MIXES = {
  base: undefined,
  calls: { depth: 3, classes: false, repeat: 1 },
  classes: { depth: 6, classes: true, repeat: 3 },
};

/** A driver's shapes file for a mix: clean code that probe runs, and that drvlint must stay quiet on. */
function shapesFile(p, mix) {
  const L = [`// ${p.id}: call shapes of the ${mix.classes ? 'classes' : 'calls'} mix.`, ''];
  L.push('export interface Step {', '  apply(v: number): number;', '}', '');
  for (let k = 0; k < mix.repeat; k++) {
    L.push(
      `export class Mask${k} implements Step {`,
      '  constructor(private readonly mask: number) {}',
      '  apply(v: number): number {',
      '    return v & this.mask;',
      '  }',
      '}',
      '',
      `export class Shift${k} implements Step {`,
      '  constructor(private readonly by: number) {}',
      '  apply(v: number): number {',
      '    return v >>> this.by;',
      '  }',
      '}',
      '',
    );
  }
  L.push(
    'export function pipeline<T extends Step>(steps: readonly T[], v: number): number {',
    '  return steps.reduce((acc, s) => s.apply(acc), v);',
    '}',
    '',
    'export function format(v: number): string;',
    'export function format(v: number, width: number): string;',
    'export function format(v: number, width = 8): string {',
    "  return v.toString(16).padStart(width, '0');",
    '}',
    '',
    'export function summarize(values: readonly number[]): number {',
    '  return values',
    '    .map((x) => x * 2)',
    '    .filter((x) => x > 3)',
    '    .reduce((a, b) => a + b, 0);',
    '}',
    '',
    'export function later(v: number): Promise<string> {',
    '  return Promise.resolve(v)',
    '    .then((x) => x + 1)',
    '    .then((x) => format(x, 4));',
    '}',
    '',
    'export interface Reader {',
    '  read?(off: number): number;',
    '}',
    '',
    'export function maybeRead(r: Reader | undefined, off: number): number {',
    '  return r?.read?.(off) ?? 0;',
    '}',
    '',
  );
  if (mix.classes) {
    L.push('export class Chain {');
    for (let d = 0; d < mix.depth; d++)
      L.push(`  step${d}(v: number): number {`, `    return ${d + 1 < mix.depth ? `this.step${d + 1}(v + ${d})` : 'v'};`, '  }');
    L.push('}', '');
    L.push('export function deep(v: number): number {', '  return new Chain().step0(v);', '}', '');
  } else {
    for (let d = 0; d < mix.depth; d++)
      L.push(`export function deep${d}(v: number): number {`, `  return ${d + 1 < mix.depth ? `deep${d + 1}(v + ${d})` : 'v'};`, '}', '');
    L.push('export function deep(v: number): number {', '  return deep0(v);', '}', '');
  }
  L.push(
    '/** What probe runs: every shape once. */',
    'export function exercise(seed: number): number {',
    `  const steps: Step[] = [${Array.from({ length: mix.repeat }, (_, k) => `new Mask${k}(0xff), new Shift${k}(1)`).join(', ')}];`,
    '  void later(seed);',
    '  return pipeline(steps, seed) + summarize([seed, seed + 1, seed + 2]) + format(seed).length + format(seed, 4).length + maybeRead(undefined, seed) + deep(seed);',
    '}',
  );
  return L.join('\n');
}

/** The driver file with the mix's shapes imported and run in probe. */
function withShapes(text) {
  const lines = text.split('\n');
  const lastImport = lines.reduce((at, l, k) => (l.startsWith('import ') ? k : at), 0);
  lines.splice(lastImport + 1, 0, "import { exercise } from './shapes.js';");
  const probe = lines.findIndex((l) => /^ {2}probe\(/.test(l));
  if (probe >= 0) lines.splice(probe + 1, 0, `    exercise(${text.length % 97});`);
  return lines.join('\n');
}

export function filesOf(p, mix = undefined) {
  const out = baseFilesOf(p);
  if (!mix) return out;
  const driver = Object.keys(out).find((f) => f.endsWith('/driver.ts'));
  out[driver] = withShapes(out[driver]);
  out[`${p.id}/shapes.ts`] = shapesFile(p, mix);
  return out;
}

function baseFilesOf(p) {
  const dir = p.id;
  if (p.threeFiles || p.bus !== 'auxiliary') {
    const files = { regs: 'regs.js', hw: 'hw.js' };
    const out = {};
    if (p.bus !== 'auxiliary') out[`${dir}/regs.ts`] = regsFile(p);
    out[`${dir}/hw.ts`] = hwFile(p);
    out[`${dir}/driver.ts`] = driverFile(p, files);
    return out;
  }
  return { [`${dir}/hw.ts`]: hwFile(p), [`${dir}/driver.ts`]: driverFile(p, { hw: 'hw.js' }) };
}

/**
 * Write a corpus of `drivers` drivers into `dir` (a package with a tsconfig),
 * and return its manifest: each faulty driver, its fault and the rule that
 * must find it. `dir` must be able to resolve `@drvlint/kernel`.
 */
export function writeCorpus(dir, drivers, { seed = 1, bugEvery = 10, mix = 'base' } = {}) {
  if (!(mix in MIXES)) throw new Error(`unknown mix '${mix}': use ${Object.keys(MIXES).join(', ')}`);
  const src = path.join(dir, 'src');
  const faults = [];
  let lines = 0;
  const write = (rel, text) => {
    const file = path.join(src, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
    lines += text.split('\n').length;
  };
  for (const [rel, text] of Object.entries(COMMON)) write(rel, text);
  for (let i = 0; i < drivers; i++) {
    const p = planOf(seed, i, bugEvery);
    const files = filesOf(p, MIXES[mix]);
    for (const [rel, text] of Object.entries(files)) write(rel, text);
    if (p.fault) faults.push({ driver: p.id, dir: path.join(src, p.id), ...p.fault });
  }
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'drvlint-bench-corpus', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'es2022', lib: ['es2022', 'esnext.disposable'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['src'] }, null, 2)}\n`,
  );
  return { drivers, lines, faults };
}

/**
 * The same corpus as a solution-style tsconfig: `projects` referenced
 * projects, each with an equal share of the drivers and the shared files, as
 * a monorepo has them. For `drvlint check --jobs`.
 */
export function writeSolution(dir, drivers, projects, options = {}) {
  const m = writeCorpus(dir, drivers, options);
  const per = Math.ceil(drivers / projects);
  const { compilerOptions } = JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
  const references = [];
  for (let k = 0; k < projects; k++) {
    const ids = Array.from(
      { length: Math.max(0, Math.min(per, drivers - k * per)) },
      (_, j) => planOf(options.seed ?? 1, k * per + j, options.bugEvery ?? 10).id,
    );
    const pdir = path.join(dir, 'projects', `p${k}`);
    mkdirSync(pdir, { recursive: true });
    writeFileSync(
      path.join(pdir, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions, include: ['../../src/common/*.ts', ...ids.map((id) => `../../src/${id}/*.ts`)] }, null, 2)}\n`,
    );
    references.push({ path: `./projects/p${k}` });
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify({ files: [], references }, null, 2)}\n`);
  return m;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, n, seed] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node scripts/bench/corpus.mjs <dir> <drivers> [seed]');
    process.exit(2);
  }
  const m = writeCorpus(path.resolve(dir), Number(n), { seed: Number(seed ?? 1) });
  console.log(`${m.drivers} drivers, ${m.lines} lines, ${m.faults.length} faulty`);
}
