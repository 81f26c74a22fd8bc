// A grammar of legacy drivers, for holding `drvlint migrate` to the
// contract on drivers nobody wrote by hand. Each dial is drawn on its own:
// the bus (pci; platform with OF and ACPI tables; an auxiliary child next to
// its PCI parent), how init registers (directly, through a variable, returned
// as module state, a typed module<State>, a module-level `let`), a second
// driver in the same module, an array of registrations in a loop, a typed alias or `satisfies` statement, where a
// Revocable is built (probe, constructor, helper), what deviceRemove does,
// what remove() holds, the import style, and the raw tables (one may have
// lost its terminator). Two dials give drivers that must be left for a
// person, with a documented reason: an init that keeps real module state,
// and a release that needs the device.
import fc from 'fast-check';

export const BUSES = ['pci', 'platform', 'auxiliary'] as const;
export const REGISTRATIONS = ['direct', 'variable', 'state', 'typedState', 'moduleLet', 'array', 'keepsState'] as const;
export const ALIASES = ['none', 'typed', 'satisfies'] as const;
export const REVOCABLES = ['none', 'probe', 'constructor', 'helper'] as const;
export const DEVICE_REMOVES = ['none', 'revoke', 'workThenRevoke'] as const;
export const REMOVES = ['none', 'teardown', 'resourceWrite', 'teardownRelease', 'releaseNeedsDevice'] as const;
export const IMPORTS = ['namespace', 'named', 'renamed', 'typeNamespace'] as const;
export const TABLES = ['idTable', 'raw', 'rawMissingZero'] as const;
/** How init and exit are written: methods, arrow functions, or concise arrows where one expression says it all. */
export const FUNCTIONS = ['method', 'arrow', 'concise'] as const;

export interface LegacySpec {
  readonly bus: (typeof BUSES)[number];
  readonly registration: (typeof REGISTRATIONS)[number];
  /** A second, plain PCI driver registered by the same init. */
  readonly second: boolean;
  readonly alias: (typeof ALIASES)[number];
  readonly revocable: (typeof REVOCABLES)[number];
  readonly deviceRemove: (typeof DEVICE_REMOVES)[number];
  readonly remove: (typeof REMOVES)[number];
  readonly imports: (typeof IMPORTS)[number];
  readonly table: (typeof TABLES)[number];
  readonly functions: (typeof FUNCTIONS)[number];
  /** Bus glue typed with the legacy `Internal` context. */
  readonly internal: boolean;
}

export const legacySpec: fc.Arbitrary<LegacySpec> = fc.record({
  bus: fc.constantFrom(...BUSES),
  registration: fc.constantFrom(...REGISTRATIONS),
  second: fc.boolean(),
  alias: fc.constantFrom(...ALIASES),
  revocable: fc.constantFrom(...REVOCABLES),
  deviceRemove: fc.constantFrom(...DEVICE_REMOVES),
  remove: fc.constantFrom(...REMOVES),
  imports: fc.constantFrom(...IMPORTS),
  table: fc.constantFrom(...TABLES),
  functions: fc.constantFrom(...FUNCTIONS),
  internal: fc.boolean(),
});

/** Why `drvlint migrate` must leave a driver of this spec for a person, on the documented list; undefined when it must migrate it all. */
export function expectedRefusal(spec: LegacySpec): RegExp | undefined {
  if (spec.remove === 'releaseNeedsDevice') return /a release that needs the device/;
  if (spec.registration === 'keepsState') return /init does more than register drivers: it keeps module state/;
  return undefined;
}

/** The spec with its lost terminator put back: the driver its author meant, whose trace the migration must give. */
export function terminated(spec: LegacySpec): LegacySpec {
  return spec.table === 'rawMissingZero' ? { ...spec, table: 'raw' } : spec;
}

/** Names of the legacy API as the chosen import style writes them. */
interface Names {
  readonly head: string;
  readonly Registration: string;
  readonly Revocable: string;
  readonly module: string;
  readonly DeviceRemoval: string;
  driverType(bus: string): string;
  /** Whether the current `module` is imported too, next to the legacy one under another name. */
  readonly mixed: boolean;
}

function names(style: LegacySpec['imports']): Names {
  switch (style) {
    case 'namespace':
      return {
        head: `import * as legacy from '@drvlint/kernel/legacy';`,
        Registration: 'legacy.Registration',
        Revocable: 'legacy.Revocable',
        module: 'legacy.module',
        DeviceRemoval: 'legacy.DeviceRemoval',
        driverType: (bus) => `legacy.${bus}.Driver`,
        mixed: false,
      };
    case 'named':
      return {
        head: `import { Registration, Revocable, module, type DeviceRemoval, type pci as legacyPci, type platform as legacyPlatform } from '@drvlint/kernel/legacy';`,
        Registration: 'Registration',
        Revocable: 'Revocable',
        module: 'module',
        DeviceRemoval: 'DeviceRemoval',
        driverType: (bus) => (bus === 'pci' ? 'legacyPci.Driver' : 'legacyPlatform.Driver'),
        mixed: false,
      };
    case 'renamed':
      return {
        head: `import { Registration as Reg, Revocable as Rev, module as legacyModule, type DeviceRemoval as Removal, type pci as lp, type platform as lplat } from '@drvlint/kernel/legacy';`,
        Registration: 'Reg',
        Revocable: 'Rev',
        module: 'legacyModule',
        DeviceRemoval: 'Removal',
        driverType: (bus) => (bus === 'pci' ? 'lp.Driver' : 'lplat.Driver'),
        mixed: true,
      };
    case 'typeNamespace':
      return {
        head: `import type * as lt from '@drvlint/kernel/legacy';\nimport { Registration, Revocable, module as legacyModule } from '@drvlint/kernel/legacy';`,
        Registration: 'Registration',
        Revocable: 'Revocable',
        module: 'legacyModule',
        DeviceRemoval: 'lt.DeviceRemoval',
        driverType: (bus) => `lt.${bus}.Driver`,
        mixed: true,
      };
  }
}

/** What the scenario does with a generated module: the devices it adds. */
export interface LegacyScenario {
  readonly pci: readonly number[];
  readonly platform: readonly { readonly name: string; readonly compatible?: string; readonly hid?: string }[];
}

export interface LegacyDriver {
  readonly text: string;
  readonly scenario: LegacyScenario;
  /** Bus glue of its own, typed with the legacy `Internal` (a bus module: drivers never name it). */
  readonly glue?: string;
}

const INTERNAL_IMPORTS: Readonly<Record<LegacySpec['imports'], readonly [string, string]>> = {
  namespace: [`import * as legacy from '@drvlint/kernel/legacy';`, 'legacy.Internal'],
  named: [`import type { Internal } from '@drvlint/kernel/legacy';`, 'Internal'],
  renamed: [`import { type Internal as Ctx } from '@drvlint/kernel/legacy';`, 'Ctx'],
  typeNamespace: [`import type * as lt from '@drvlint/kernel/legacy';`, 'lt.Internal'],
};

function glueOf(spec: LegacySpec, n: number): string {
  const [head, Internal] = INTERNAL_IMPORTS[spec.imports];
  return `import type { Device } from '@drvlint/kernel';\n${head}\n\nexport function glue${n}(d: Device<${Internal}>): Device<${Internal}> {\n  return d;\n}\n`;
}

/** The source of one legacy driver module, numbered `n` so that many can share a project. */
export function legacyDriver(spec: LegacySpec, n: number): LegacyDriver {
  const L = names(spec.imports);
  const id = 0x100 + n * 4;
  const mod = `gen_${n}`;
  const busOfMain = spec.bus === 'platform' ? 'platform' : 'pci';
  const Bar = busOfMain === 'pci' ? 'pci.Bar' : 'platform.IoMem';
  const hasRevocable = spec.revocable !== 'none';
  const deviceRemove = hasRevocable ? spec.deviceRemove : 'none';
  const lines: string[] = [];
  lines.push(`// Generated legacy driver: ${JSON.stringify(spec)}`);
  lines.push(
    `import { type Core, Devres, KernelError, auxiliary, errno, of, acpi, pci, platform${L.mixed ? ', module' : ''} } from '@drvlint/kernel';`,
  );
  lines.push(L.head);
  lines.push('');

  if (spec.remove === 'releaseNeedsDevice') lines.push(`class Fw${n} {\n  release(_dev: object): void {}\n}\n`);

  // The private data.
  const fields: string[] = [`    readonly bar: Devres<${Bar}>,`];
  if (spec.bus === 'auxiliary') fields.push('    readonly child: Devres<auxiliary.Registration>,');
  if (spec.remove === 'releaseNeedsDevice') fields.push(`    readonly fw: Fw${n},`);
  const implementsRemoval = deviceRemove !== 'none' ? ` implements ${L.DeviceRemoval}` : '';
  lines.push(`class Data${n}${implementsRemoval} {`);
  lines.push('  log: number[] | undefined = [];');
  if (hasRevocable) lines.push(`  readonly regs: ${L.Revocable}<${Bar}>;`);
  const regsParam = spec.revocable === 'constructor' ? `regs: ${Bar}` : `regs: ${L.Revocable}<${Bar}>`;
  lines.push('  constructor(');
  lines.push(...fields);
  if (hasRevocable) lines.push(`    ${regsParam},`);
  lines.push('  ) {');
  if (hasRevocable) lines.push(spec.revocable === 'constructor' ? `    this.regs = new ${L.Revocable}(regs);` : '    this.regs = regs;');
  lines.push('  }');
  if (deviceRemove !== 'none') {
    lines.push('');
    lines.push('  deviceRemove(): void {');
    if (deviceRemove === 'workThenRevoke') lines.push('    this.regs.tryAccess()?.write32(0xdead, 0x10);');
    lines.push('    this.regs.revoke();');
    lines.push('  }');
  }
  lines.push('}');
  lines.push('');
  if (spec.revocable === 'helper')
    lines.push(`function wrap${n}(regs: ${Bar}): ${L.Revocable}<${Bar}> {\n  return new ${L.Revocable}(regs);\n}\n`);

  // The main driver class.
  const table = (bus: 'pci' | 'of' | 'acpi' | 'auxiliary', entries: string[], lose: boolean): string => {
    const zero = `${bus}.DeviceId.ZERO`;
    if (spec.table === 'idTable') return `${bus}.idTable([${entries.join(', ')}])`;
    return `${bus}.rawIdTable([${[...entries, ...(lose && spec.table === 'rawMissingZero' ? [] : [zero])].join(', ')}])`;
  };
  const Main = `Gen${n}Driver`;
  lines.push(`class ${Main} {`);
  lines.push(`  static readonly NAME = '${mod}_main';`);
  const revocableArg = (access: string): string =>
    spec.revocable === 'probe' ? `new ${L.Revocable}(${access})` : spec.revocable === 'helper' ? `wrap${n}(${access})` : access;
  const dataArgs = (dev: string): string[] => {
    const a = ['bar'];
    if (spec.bus === 'auxiliary') a.push(`auxiliary.Registration.new(${dev}, 'child', 0, '${mod}')`);
    if (spec.remove === 'releaseNeedsDevice') a.push(`new Fw${n}()`);
    if (hasRevocable) a.push(revocableArg(`bar.access(${dev})`));
    return a;
  };
  if (busOfMain === 'pci') {
    lines.push(
      `  static readonly ID_TABLE = ${table('pci', [`[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x${id.toString(16)}), ${n}]`], true)};`,
    );
    lines.push('');
    lines.push(`  static probe(pdev: pci.Device<Core>, info: number): Data${n} {`);
    lines.push('    pdev.enableDeviceMem();');
    lines.push(`    const bar = pdev.iomapRegion(0, '${mod}');`);
    lines.push('    bar.access(pdev).write32(info, 0x4);');
    lines.push(`    return new Data${n}(${dataArgs('pdev').join(', ')});`);
    lines.push('  }');
  } else {
    lines.push(`  static readonly OF_ID_TABLE = ${table('of', [`[of.DeviceId.new('gen,drv-${n}'), 1]`], true)};`);
    lines.push(
      `  static readonly ACPI_ID_TABLE = ${table('acpi', [`[acpi.DeviceId.new('GEN${String(n).padStart(4, '0')}'), 2]`], false)};`,
    );
    lines.push('');
    lines.push(`  static probe(pdev: platform.Device<Core>, info: number | undefined): Data${n} {`);
    lines.push('    const req = pdev.ioRequestByIndex(0);');
    lines.push('    if (req === undefined) throw new KernelError(errno.ENODEV);');
    lines.push('    const bar = req.iomap();');
    lines.push('    bar.access(pdev).write32(info ?? 0, 0x4);');
    lines.push(`    return new Data${n}(${dataArgs('pdev').join(', ')});`);
    lines.push('  }');
  }
  const Dev = busOfMain === 'pci' ? 'pci.Device<Core>' : 'platform.Device<Core>';
  const removeBody: Record<LegacySpec['remove'], string[]> = {
    none: [],
    teardown: busOfMain === 'pci' ? ['pdev.disableDevice();'] : ["pdev.info('remove');"],
    resourceWrite: ['data.bar.tryAccess()?.write8(0, 0x0);', ...(hasRevocable ? ['data.regs.tryAccess()?.write8(1, 0x1);'] : [])],
    teardownRelease: ['data.bar.access(pdev).write8(0, 0x0);', 'data.log = undefined;'],
    releaseNeedsDevice: ['data.fw.release(pdev);'],
  };
  if (spec.remove !== 'none') {
    lines.push('');
    lines.push(`  static remove(pdev: ${Dev}, data: Data${n}): void {`);
    for (const s of removeBody[spec.remove]) lines.push(`    ${s}`);
    lines.push('  }');
  }
  lines.push('}');
  lines.push('');

  // The other drivers of the module.
  const classes: [string, string][] = [[Main, busOfMain]];
  if (spec.bus === 'auxiliary') {
    lines.push(`class Gen${n}Child {`);
    lines.push(`  static readonly NAME = '${mod}_child';`);
    lines.push(`  static readonly ID_TABLE = ${table('auxiliary', [`[auxiliary.DeviceId.new('${mod}', 'child'), undefined]`], false)};`);
    lines.push('');
    lines.push('  static probe(adev: auxiliary.Device<Core>, _info: undefined): object {');
    lines.push("    adev.info('child probe');");
    lines.push('    return {};');
    lines.push('  }');
    lines.push('}');
    lines.push('');
    classes.push([`Gen${n}Child`, 'auxiliary']);
  }
  if (spec.second) {
    lines.push(`class Gen${n}Second {`);
    lines.push(`  static readonly NAME = '${mod}_second';`);
    lines.push(`  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x${(id + 1).toString(16)}), 0]]);`);
    lines.push('');
    lines.push('  static probe(pdev: pci.Device<Core>, _info: number): object {');
    lines.push('    pdev.enableDeviceMem();');
    lines.push('    return {};');
    lines.push('  }');
    lines.push('');
    lines.push('  static unbind(pdev: pci.Device<Core>, _data: object): void {');
    lines.push('    pdev.disableDevice();');
    lines.push('  }');
    lines.push('}');
    lines.push('');
    classes.push([`Gen${n}Second`, 'pci']);
  }

  // Aliases: the main class reached through a typed const, or checked with `satisfies`.
  let registered = Main;
  const mainType = `${L.driverType(busOfMain)}<Data${n}, number>`;
  if (spec.alias === 'typed') {
    lines.push(`const gen${n}: ${mainType} = ${Main};\n`);
    registered = `gen${n}`;
  } else if (spec.alias === 'satisfies') lines.push(`${Main} satisfies ${mainType};\n`);

  // The module.
  const regs = classes.map(([c], i) => ({ cls: i === 0 ? registered : c, v: `r${i}` }));
  const init: string[] = [];
  const exit: string[] = [];
  let typeArg = '';
  switch (spec.registration) {
    case 'direct':
      for (const r of regs) init.push(`${L.Registration}.new(${r.cls}).register(m);`);
      break;
    case 'variable':
      for (const r of regs) init.push(`const ${r.v} = ${L.Registration}.new(${r.cls});`);
      for (const r of regs) init.push(`${r.v}.register(m);`);
      break;
    case 'state':
      for (const r of regs) init.push(`const ${r.v} = ${L.Registration}.new(${r.cls});`, `${r.v}.register(m);`);
      init.push(regs.length === 1 ? 'return r0;' : `return [${regs.map((r) => r.v).join(', ')}];`);
      if (regs.length === 1) exit.push('state', 'if (state.isRegistered) state.unregister();');
      else exit.push(`[${regs.map((r) => r.v).join(', ')}]`, ...[...regs].reverse().map((r) => `${r.v}?.unregister();`));
      break;
    case 'typedState': {
      lines.push(`interface State${n} {`);
      for (const r of regs) lines.push(`  readonly ${r.v}: ${L.Registration};`);
      lines.push('}\n');
      typeArg = `<State${n}>`;
      for (const r of regs) init.push(`const ${r.v} = ${L.Registration}.new(${r.cls});`, `${r.v}.register(m);`);
      init.push(`return { ${regs.map((r) => r.v).join(', ')} };`);
      exit.push('state', ...regs.map((r) => `if (state.${r.v}.isRegistered) state.${r.v}.unregister();`));
      break;
    }
    case 'moduleLet':
      for (const r of regs) lines.push(`let ${r.v}Of${n}: ${L.Registration} | undefined;`);
      lines.push('');
      for (const r of regs) init.push(`${r.v}Of${n} = ${L.Registration}.new(${r.cls});`, `${r.v}Of${n}.register(m);`);
      exit.push('');
      for (const r of regs) exit.push(`if (${r.v}Of${n}?.isRegistered) ${r.v}Of${n}.unregister();`, `${r.v}Of${n} = undefined;`);
      break;
    case 'array':
      init.push(`const regs = [${regs.map((r) => `${L.Registration}.new(${r.cls})`).join(', ')}];`);
      init.push('for (const r of regs) r.register(m);', 'return regs;');
      exit.push('regs', 'for (const r of regs) if (r.isRegistered) r.unregister();');
      break;
    case 'keepsState':
      init.push('const loadedAt = Date.now();');
      for (const r of regs) init.push(`${L.Registration}.new(${r.cls}).register(m);`);
      init.push('return { loadedAt };');
      break;
  }
  lines.push(`export default ${L.module}${typeArg}({`);
  lines.push(`  name: '${mod}',`);
  lines.push("  authors: ['drvlint'],");
  lines.push("  description: 'a generated legacy driver',");
  lines.push("  license: 'GPL',");
  lines.push(...functionProperty('init', 'm', init, spec.functions));
  if (exit.length > 0) lines.push(...functionProperty('exit', exit[0] as string, exit.slice(1), spec.functions));
  lines.push('});');
  lines.push('');

  const scenario: LegacyScenario = {
    pci: [...(busOfMain === 'pci' ? [id] : []), ...(spec.second ? [id + 1] : [])],
    platform:
      busOfMain === 'platform'
        ? [
            { name: `gen-${n}.0`, compatible: `gen,drv-${n}` },
            { name: `GEN${String(n).padStart(4, '0')}:00`, hid: `GEN${String(n).padStart(4, '0')}` },
          ]
        : [],
  };
  return { text: lines.join('\n'), scenario, ...(spec.internal ? { glue: glueOf(spec, n) } : {}) };
}

/** `name(param) { … }`, `name: (param) => { … }`, or `name: (param) => expression` for one expression statement. */
function functionProperty(name: string, param: string, statements: readonly string[], style: LegacySpec['functions']): string[] {
  const only = statements.length === 1 ? (statements[0] as string) : undefined;
  if (style === 'concise' && only && !/^(if|const|let|return|for)\b/.test(only))
    return [`  ${name}: (${param}) => ${only.replace(/;$/, '')},`];
  const head = style === 'method' ? `  ${name}(${param}) {` : `  ${name}: (${param}) => {`;
  return [head, ...statements.map((s) => `    ${s}`), '  },'];
}
