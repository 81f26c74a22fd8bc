import plugin from 'eslint-plugin-drvlint';
import { header, ruleTester } from './rule-tester.js';

const rule = plugin.rules['static-driver'];
const T = `const T = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n`;
const mod = (drivers: string) =>
  `export default module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [${drivers}] });\n`;

ruleTester().run('static-driver', rule, {
  valid: [
    {
      name: 'module-level consts built from literals',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\n${mod('d')}`,
    },
    {
      name: 'an inline descriptor in the module declaration',
      code: `${header}${T}${mod("pci.driver({ name: 'a', idTable: T, probe: () => ({}) })")}`,
    },
    {
      name: 'a multi-driver module',
      code: `${header}${T}const a = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nconst b = auxiliary.driver({ name: 'b', idTable: auxiliary.idTable([[auxiliary.DeviceId.new('m', 'b'), 0]]), probe: () => ({}) });\n${mod('a, b')}`,
    },
    {
      name: 'a wrapper called at module level',
      code: `import { makePciDriver } from './helpers/wrap.js';\n${header}${T}export const d = makePciDriver({ name: 'a', idTable: T, probe: () => ({}) });\n`,
    },
    {
      name: 'reading a descriptor is fine',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nexport const name = d.name;\n${mod('d')}`,
    },
    {
      name: 'reading a descriptor field inside probe, and passing structures to the kernel API, are not bookkeeping',
      code: `import { DriverCore } from '@drvlint/kernel/testing';\n${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: (pdev) => { pdev.info(d.name); return {}; } });\nconst m = module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [d] });\nexport function run(core: DriverCore) {\n  core.load(m);\n  core.unload(m);\n}\nexport { d as driver, m as default };\n`,
    },
    {
      name: 'near misses: a local const alias, lookups and comparisons of other values, a let of another type',
      code: `import { sampleDriver } from './helpers/sample-driver.js';\n${header}const names = new Set<string>();\nlet count = 0;\nexport function f() {\n  const alias = sampleDriver;\n  if (names.has(alias.name) || count === 1) count++;\n}\n`,
    },
  ],
  invalid: [
    {
      name: 'created inside a factory',
      code: `${header}${T}export function makeDriver(name: string) {\n  return pci.driver({ name, idTable: T, probe: () => ({}) });\n}\n`,
      errors: [{ messageId: 'inFunction', line: 4, data: { what: 'The driver descriptor', fn: 'makeDriver' } }],
    },
    {
      name: 'chosen by ?: and by if',
      code: `${header}${T}declare const legacy: boolean;\nexport const d = legacy ? pci.driver({ name: 'a', idTable: T, probe: () => ({}) }) : undefined;\nif (legacy) {\n  const e = pci.driver({ name: 'b', idTable: T, probe: () => ({}) });\n  void e;\n}\n`,
      errors: [
        { messageId: 'conditional', line: 4 },
        { messageId: 'conditional', line: 6 },
      ],
    },
    {
      name: 'held in let, fixed to const when never reassigned',
      code: `${header}${T}let d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\n${mod('d')}`,
      output: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\n${mod('d')}`,
      errors: [{ messageId: 'notConst', line: 3, data: { what: 'The driver descriptor', kind: 'let', name: 'd' } }],
    },
    {
      name: 'held in var, or in a let that is reassigned: no fix',
      code: `${header}${T}var v = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nlet w = pci.driver({ name: 'b', idTable: T, probe: () => ({}) });\nw = v;\n${mod('v, w')}`,
      errors: [
        { messageId: 'notConst', line: 3, data: { what: 'The driver descriptor', kind: 'var', name: 'v' } },
        { messageId: 'notConst', line: 4, data: { what: 'The driver descriptor', kind: 'let', name: 'w' } },
      ],
    },
    {
      name: 'a let written by destructuring or as a for…of head: no fix (const would not compile)',
      code: `${header}${T}let x = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nlet y = pci.driver({ name: 'b', idTable: T, probe: () => ({}) });\n[x] = [y];\nfor (y of [x]) void y;\n${mod('x, y')}`,
      errors: [
        { messageId: 'notConst', line: 3, data: { what: 'The driver descriptor', kind: 'let', name: 'x' } },
        { messageId: 'notConst', line: 4, data: { what: 'The driver descriptor', kind: 'let', name: 'y' } },
      ],
    },
    {
      name: 'mutated afterwards: property assignment, Object.assign, defineProperty, delete, Reflect.set',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\n(d as { name: string }).name = 'b';\nObject.assign(d, { name: 'c' });\nObject.defineProperty(d, 'name', { value: 'e' });\ndelete (d as { unbind?: unknown }).unbind;\nReflect.set(d, 'name', 'f');\n${mod('d')}`,
      errors: [
        { messageId: 'mutated', line: 4, data: { what: 'The driver descriptor', name: 'd', how: 'assignment' } },
        { messageId: 'mutated', line: 5, data: { what: 'The driver descriptor', name: 'd', how: 'Object.assign' } },
        { messageId: 'mutated', line: 6, data: { what: 'The driver descriptor', name: 'd', how: 'Object.defineProperty' } },
        { messageId: 'mutated', line: 7, data: { what: 'The driver descriptor', name: 'd', how: 'delete' } },
        { messageId: 'mutated', line: 8, data: { what: 'The driver descriptor', name: 'd', how: 'Reflect.set' } },
      ],
    },
    {
      name: 'a module declaration built in a function, and one mutated',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nexport function load() {\n  return module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [d] });\n}\nexport const m = module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [d] });\n(m as { name: string }).name = 'n';\n`,
      errors: [
        { messageId: 'inFunction', line: 5, data: { what: 'The module declaration', fn: 'load' } },
        { messageId: 'mutated', line: 8, data: { what: 'The module declaration', name: 'm', how: 'assignment' } },
      ],
    },
    {
      name: 'tracking registration: stored, kept in let, added to and looked up in containers, compared by identity',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nlet current: typeof d | undefined;\nconst registered = new Set<unknown>();\nexport function register() {\n  current = d; // !\n  registered.add(d); // !\n}\nexport function isRegistered(x: unknown) {\n  return registered.has(d) || x === d; // !!\n}\nvar keep = d; // !\nexport const state = { keep, current };\n${mod('d')}`,
      errors: [
        { messageId: 'tracked', line: 7, data: { what: 'The driver descriptor', how: 'is stored in `current`' } },
        { messageId: 'tracked', line: 8, data: { what: 'The driver descriptor', how: 'is added to `registered` with `add`' } },
        { messageId: 'tracked', line: 11, data: { what: 'The driver descriptor', how: 'is looked up in `registered` with `has`' } },
        { messageId: 'tracked', line: 11, data: { what: 'The driver descriptor', how: 'is compared by identity (`x === d`)' } },
        { messageId: 'tracked', line: 13, data: { what: 'The driver descriptor', how: 'is kept in `var keep`' } },
      ],
    },
    {
      name: 'tracking through operators that pass an operand on: ??, ||, a comma, an assignment; arithmetic and literals beside them are not looked at',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\ndeclare const other: typeof d | undefined;\nlet n = 0;\nlet a = other ?? d; // !\nlet b = (n++, d); // !\nlet c: unknown;\nlet e = (c = d); // !\nexport function f(x: unknown) {\n  n = n * 2 + 1;\n  return x === (other || d) || n === 3; // !\n}\nexport const state = { a, b, c, e };\n${mod('d')}`,
      errors: [
        { messageId: 'tracked', line: 6, data: { what: 'The driver descriptor', how: 'is kept in `let a`' } },
        { messageId: 'tracked', line: 7, data: { what: 'The driver descriptor', how: 'is kept in `let b`' } },
        { messageId: 'tracked', line: 9, data: { what: 'The driver descriptor', how: 'is kept in `let e`' } },
        { messageId: 'tracked', line: 9, data: { what: 'The driver descriptor', how: 'is stored in `c`' } },
        { messageId: 'tracked', line: 12, data: { what: 'The driver descriptor', how: 'is compared by identity (`x === (other || d)`)' } },
      ],
    },
    {
      name: 'tracking registration of an imported module declaration and descriptor, through a re-export alias',
      code: `import { sampleDriver as drv, sampleModule } from './helpers/sample-driver.js';\n${header}const loaded: unknown[] = [];\nexport function onLoad(m: unknown) {\n  if (m === sampleModule) loaded.push(drv);\n  return loaded.indexOf(drv) >= 0;\n}\n`,
      errors: [
        { messageId: 'tracked', line: 5, data: { what: 'The module declaration', how: 'is compared by identity (`m === sampleModule`)' } },
        { messageId: 'tracked', line: 5, data: { what: 'The driver descriptor', how: 'is added to `loaded` with `push`' } },
        { messageId: 'tracked', line: 6, data: { what: 'The driver descriptor', how: 'is looked up in `loaded` with `indexOf`' } },
      ],
    },
    {
      name: 'a module declaration not built from a literal',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nconst def = { name: 'm', authors: [], description: '', license: 'GPL', drivers: [d] };\nexport default module(def);\n`,
      errors: [{ messageId: 'notLiteral', line: 5 }],
    },
  ],
});
