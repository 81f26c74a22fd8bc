import plugin from 'eslint-plugin-drvlint';
import { header, ruleTester } from './rule-tester.js';

const rule = plugin.rules['static-driver'];
const T = `const T = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n`;
const mod = (drivers: string) => `export default module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [${drivers}] });\n`;

ruleTester().run('static-driver', rule, {
  valid: [
    { name: 'module-level consts built from literals', code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\n${mod('d')}` },
    { name: 'an inline descriptor in the module declaration', code: `${header}${T}${mod("pci.driver({ name: 'a', idTable: T, probe: () => ({}) })")}` },
    {
      name: 'a multi-driver module',
      code: `${header}${T}const a = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nconst b = auxiliary.driver({ name: 'b', idTable: auxiliary.idTable([[auxiliary.DeviceId.new('m', 'b'), 0]]), probe: () => ({}) });\n${mod('a, b')}`,
    },
    { name: 'a wrapper called at module level', code: `import { makePciDriver } from './helpers/wrap.js';\n${header}${T}export const d = makePciDriver({ name: 'a', idTable: T, probe: () => ({}) });\n` },
    { name: 'reading a descriptor is fine', code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nexport const name = d.name;\n${mod('d')}` },
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
      errors: [{ messageId: 'conditional', line: 4 }, { messageId: 'conditional', line: 6 }],
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
      errors: [{ messageId: 'notConst', line: 3, data: { what: 'The driver descriptor', kind: 'var', name: 'v' } }, { messageId: 'notConst', line: 4, data: { what: 'The driver descriptor', kind: 'let', name: 'w' } }],
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
      name: 'a module declaration not built from a literal',
      code: `${header}${T}const d = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nconst def = { name: 'm', authors: [], description: '', license: 'GPL', drivers: [d] };\nexport default module(def);\n`,
      errors: [{ messageId: 'notLiteral', line: 5 }],
    },
  ],
});
