import plugin from 'eslint-plugin-drvlint';
import { header, ruleTester } from './rule-tester.js';

const rule = plugin.rules['id-table'];
const drv = (table: string) => `export const drv = pci.driver({ name: 'd', idTable: ${table}, probe: () => ({}) });\n`;

ruleTester().run('id-table', rule, {
  valid: [
    {
      name: 'a spread of what cannot be seen is not guessed at',
      code: `${header}declare const rows: readonly (readonly [pci.DeviceId, number])[];\nexport const T = pci.rawIdTable([...rows]);\nexport const U = pci.idTable(rows);\n`,
    },
    {
      name: "a driver's table built from module-level const arrays, named or spread, here or in another file, is static",
      code: `${header}import { COMMON } from './helpers/ids.js';\nconst IDS = [[pci.DeviceId.fromId(1, 4), 0]] as const;\nconst ALL = [...COMMON, ...IDS];\nconst T = pci.idTable(ALL);\nexport const d1 = pci.driver({ name: 'a', idTable: T, probe: () => ({}) });\nexport const d2 = pci.driver({ name: 'b', idTable: pci.idTable(COMMON), probe: () => ({}) });\n`,
    },
    {
      name: 'a terminated table from a named array and a spread',
      code: `${header}import { COMMON, END } from './helpers/ids.js';\nconst IDS = [...COMMON, END] as const;\nexport const T = pci.rawIdTable(IDS);\n`,
    },
    {
      name: 'fixed output lints clean: a second pass has nothing to do',
      code: `${header}const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0],\n  pci.DeviceId.ZERO,\n]);\n${drv('T')}`,
    },
    {
      name: 'a correctly terminated raw table',
      code: `${header}const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(pci.Vendor.INTEL, 0x2723), 1],\n  pci.DeviceId.ZERO,\n]);\n${drv('T')}`,
    },
    {
      name: 'built tables for every bus',
      code: `${header}import { of, acpi } from '@drvlint/kernel';\nexport const a = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\nexport const b = of.idTable([[of.DeviceId.new('a,b'), 0]]);\nexport const c = acpi.idTable([[acpi.DeviceId.new('ABCD0001'), 0]]);\nexport const d = auxiliary.idTable([[auxiliary.DeviceId.new('m', 'n'), 0]]);\n`,
    },
    { name: 'an inline built table in the descriptor', code: `${header}${drv('pci.idTable([[pci.DeviceId.fromId(1, 2), 0]])')}` },
    {
      name: 'a multi-driver module with a table each',
      code: `${header}const A = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\nconst B = auxiliary.idTable([[auxiliary.DeviceId.new('m', 'x'), 0]]);\nconst d1 = pci.driver({ name: 'a', idTable: A, probe: () => ({}) });\nconst d2 = auxiliary.driver({ name: 'b', idTable: B, probe: () => ({}) });\nexport default module({ name: 'm', authors: [], description: '', license: 'GPL', drivers: [d1, d2] });\n`,
    },
    {
      name: 'ids that differ only in a non-constant argument are not called duplicates',
      code: `${header}declare const n: number;\nexport const T = pci.idTable([[pci.DeviceId.fromId(1, n), 0], [pci.DeviceId.fromId(1, n), 1]]);\n`,
    },
    {
      name: 'a table imported from another module-level const',
      code: `${header}import { T } from './file.js';\n${drv('T')}`
        .replace("import { T } from './file.js';", 'const T = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\nconst U = T;')
        .replace('idTable: T,', 'idTable: U,'),
    },
    {
      name: 'terminators by origin: a const alias, a destructured name, an import and a re-export',
      code: `${header}import { of } from '@drvlint/kernel';\nimport { END, OF_END } from './helpers/ids.js';\nimport { TERM } from './helpers/ids-reexport.js';\nconst Z = pci.DeviceId.ZERO;\nconst { ZERO } = pci.DeviceId;\nconst Z2 = Z;\nexport const A = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], Z]);\nexport const B = pci.rawIdTable([[pci.DeviceId.fromId(1, 3), 0], ZERO]);\nexport const C = pci.rawIdTable([[pci.DeviceId.fromId(1, 4), 0], END]);\nexport const D = pci.rawIdTable([[pci.DeviceId.fromId(1, 5), 0], TERM]);\nexport const E = of.rawIdTable([[of.DeviceId.new('a,b'), 0], OF_END]);\nexport const F = pci.rawIdTable([[pci.DeviceId.fromId(1, 6), 0], Z2]);\n`,
    },
    {
      name: 'a look-alike that is not the terminator by origin is not one: the table stays unterminated only when it really is',
      code: `${header}const ZERO = pci.DeviceId.fromId(0, 0);\nexport const T = pci.idTable([[ZERO, 0]]);\n`,
    },
  ],
  invalid: [
    {
      name: "entries from a named array, here or in another file: the raw table without a terminator, with no fix when the array is not the call's own",
      code: `${header}import { COMMON } from './helpers/ids.js';\nconst IDS = [[pci.DeviceId.fromId(1, 2), 0]] as const;\nexport const A = pci.rawIdTable(IDS);\nexport const B = pci.rawIdTable([...COMMON]);\nexport const C = pci.rawIdTable([...COMMON, pci.DeviceId.ZERO]);\n`,
      output: `${header}import { COMMON } from './helpers/ids.js';\nconst IDS = [[pci.DeviceId.fromId(1, 2), 0]] as const;\nexport const A = pci.rawIdTable(IDS);\nexport const B = pci.rawIdTable([...COMMON, pci.DeviceId.ZERO]);\nexport const C = pci.rawIdTable([...COMMON, pci.DeviceId.ZERO]);\n`,
      errors: [
        { messageId: 'missingTerminator', line: 4 },
        { messageId: 'missingTerminator', line: 5 },
      ],
    },
    {
      name: 'duplicates and an early terminator brought in by a spread are reported at the spread, or at the entry written here',
      code: `${header}import { COMMON } from './helpers/ids.js';\nconst MID = [[pci.DeviceId.fromId(7, 7), 0], pci.DeviceId.ZERO] as const;\nexport const D = pci.idTable([...COMMON, [pci.DeviceId.fromId(1, 2), 9]]);\nexport const E = pci.idTable([[pci.DeviceId.fromId(1, 3), 9], ...COMMON]);\nexport const F = pci.rawIdTable([...MID, [pci.DeviceId.fromId(8, 8), 0], pci.DeviceId.ZERO]);\n`,
      errors: [
        { messageId: 'duplicate', line: 4, column: 43, data: { id: 'pci.DeviceId.fromId(1, 2)', first: '1' } },
        { messageId: 'duplicate', line: 5, column: 63 },
        { messageId: 'earlyTerminator', line: 6, column: 34, data: { zero: 'pci.DeviceId.ZERO', count: '2' } },
      ],
    },
    {
      name: 'missing terminator, multi-line with a trailing comma',
      code: `${header}const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0],\n]);\n${drv('T')}`,
      output: `${header}const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0],\n  pci.DeviceId.ZERO,\n]);\n${drv('T')}`,
      errors: [{ messageId: 'missingTerminator', line: 2, data: { zero: 'pci.DeviceId.ZERO' } }],
    },
    {
      name: 'missing terminator, multi-line without a trailing comma',
      code: `${header}const T = pci.rawIdTable([\n    [pci.DeviceId.fromId(1, 2), 0]\n]);\n`,
      output: `${header}const T = pci.rawIdTable([\n    [pci.DeviceId.fromId(1, 2), 0],\n    pci.DeviceId.ZERO\n]);\n`,
      errors: [{ messageId: 'missingTerminator' }],
    },
    {
      name: 'missing terminator on one line, through an aliased namespace',
      code: `import { of as dt } from '@drvlint/kernel';\nexport const T = dt.rawIdTable([[dt.DeviceId.new('a,b'), 1]]);\n`,
      output: `import { of as dt } from '@drvlint/kernel';\nexport const T = dt.rawIdTable([[dt.DeviceId.new('a,b'), 1], dt.DeviceId.ZERO]);\n`,
      errors: [{ messageId: 'missingTerminator', data: { zero: 'dt.DeviceId.ZERO' } }],
    },
    {
      name: 'an empty raw table, and two tables fixed in one pass',
      code: `${header}export const A = auxiliary.rawIdTable([]);\nexport const B = pci.rawIdTable([[pci.DeviceId.fromClass(pci.Class.DISPLAY_VGA, pci.ClassMask.Class), 0]]);\n`,
      output: `${header}export const A = auxiliary.rawIdTable([auxiliary.DeviceId.ZERO]);\nexport const B = pci.rawIdTable([[pci.DeviceId.fromClass(pci.Class.DISPLAY_VGA, pci.ClassMask.Class), 0], pci.DeviceId.ZERO]);\n`,
      errors: [
        { messageId: 'missingTerminator', line: 2 },
        { messageId: 'missingTerminator', line: 3 },
      ],
    },
    {
      name: 'a comment with commas after the last element: the terminator goes after the comma token, and the result parses',
      code: `${header}export const A = pci.rawIdTable([\n  [pci.DeviceId.fromId(1, 2), 0] /* a, b */,\n]);\nexport const B = pci.rawIdTable([\n  [pci.DeviceId.fromId(1, 3), 0] // x, y\n]);\n`,
      output: `${header}export const A = pci.rawIdTable([\n  [pci.DeviceId.fromId(1, 2), 0] /* a, b */,\n  pci.DeviceId.ZERO,\n]);\nexport const B = pci.rawIdTable([\n  [pci.DeviceId.fromId(1, 3), 0],\n  pci.DeviceId.ZERO // x, y\n]);\n`,
      errors: [{ messageId: 'missingTerminator' }, { messageId: 'missingTerminator' }],
    },
    {
      name: 'a ZERO before the last element is reported at that element',
      code: `${header}export const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(1, 2), 0],\n  pci.DeviceId.ZERO,\n  [pci.DeviceId.fromId(1, 3), 1],\n  pci.DeviceId.ZERO,\n]);\n`,
      errors: [{ messageId: 'earlyTerminator', line: 4, data: { zero: 'pci.DeviceId.ZERO', count: '2' } }],
    },
    {
      name: 'a ZERO in the middle and none at the end: two findings, then a second pass finds nothing more to fix',
      code: `${header}export const T = pci.rawIdTable([pci.DeviceId.ZERO, [pci.DeviceId.fromId(1, 3), 1]]);\n`,
      output: `${header}export const T = pci.rawIdTable([pci.DeviceId.ZERO, [pci.DeviceId.fromId(1, 3), 1], pci.DeviceId.ZERO]);\n`,
      errors: [{ messageId: 'missingTerminator' }, { messageId: 'earlyTerminator' }],
    },
    {
      name: 'an aliased terminator first, and one before the last, are early terminators; no second ZERO is appended',
      code: `${header}import { END } from './helpers/ids.js';\nconst Z = pci.DeviceId.ZERO;\nexport const A = pci.rawIdTable([\n  Z,\n  [pci.DeviceId.fromId(1, 2), 0],\n  Z,\n]);\nexport const B = pci.rawIdTable([[pci.DeviceId.fromId(1, 3), 0], END, [pci.DeviceId.fromId(1, 4), 1], END]);\n`,
      errors: [
        { messageId: 'earlyTerminator', line: 5, data: { zero: 'Z', count: '2' } },
        { messageId: 'earlyTerminator', line: 9, data: { zero: 'END', count: '2' } },
      ],
    },
    {
      name: 'a look-alike named ZERO at the end does not terminate a raw table',
      code: `${header}const ZERO = pci.DeviceId.fromId(0, 0);\nexport const T = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], ZERO]);\n`,
      output: `${header}const ZERO = pci.DeviceId.fromId(0, 0);\nexport const T = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], ZERO, pci.DeviceId.ZERO]);\n`,
      errors: [{ messageId: 'missingTerminator' }],
    },
    {
      name: 'duplicate ids compare by constant-folded arguments and named constants',
      code: `${header}const WIFI = 0x2723;\nexport const T = pci.idTable([\n  [pci.DeviceId.fromId(pci.Vendor.INTEL, WIFI), 0],\n  [pci.DeviceId.fromId(0x8086, 10019), 1],\n  [pci.DeviceId.fromId(0x8086, 10020), 2],\n]);\n`,
      errors: [{ messageId: 'duplicate', line: 5, data: { id: 'pci.DeviceId.fromId(0x8086, 10019)', first: '1' } }],
    },
    {
      name: 'a table built in a function, held in let, chosen conditionally, mapped from data, from an array held in let or built in a function',
      code: `${header}function makeTable() {\n  return pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n}\nlet L = pci.idTable([[pci.DeviceId.fromId(1, 3), 0]]);\nconst ids = [1, 2];\nconst M = pci.idTable(ids.map((d) => [pci.DeviceId.fromId(1, d), d] as const));\ndeclare const big: boolean;\nexport const d1 = pci.driver({ name: 'a', idTable: makeTable(), probe: () => ({}) });\nexport const d2 = pci.driver({ name: 'b', idTable: L, probe: () => ({}) });\nexport const d3 = pci.driver({ name: 'c', idTable: big ? L : M, probe: () => ({}) });\nexport const d4 = pci.driver({ name: 'd', idTable: M, probe: () => ({}) });\nL = M;\nlet rows = [[pci.DeviceId.fromId(1, 4), 0] as const];\nexport const d5 = pci.driver({ name: 'e', idTable: pci.idTable(rows), probe: () => ({}) });\nexport function later() {\n  const local = [[pci.DeviceId.fromId(1, 5), 0] as const];\n  return pci.driver({ name: 'f', idTable: pci.idTable([...local]), probe: () => ({}) });\n}\nrows = [];\n`,
      errors: [
        { messageId: 'notStatic', line: 9, data: { driver: 'a', why: 'is built by calling `makeTable`' } },
        { messageId: 'notStatic', line: 10, data: { driver: 'b', why: 'is held in `let L`' } },
        { messageId: 'notStatic', line: 11, data: { driver: 'c', why: 'is chosen conditionally' } },
        { messageId: 'notStatic', line: 12, data: { driver: 'd', why: 'is produced from data rather than written as a literal' } },
        { messageId: 'notStatic', line: 15, data: { driver: 'e', why: 'is produced from data rather than written as a literal' } },
        { messageId: 'notStatic', line: 18, data: { driver: 'f', why: 'is built inside a function' } },
      ],
    },
  ],
});

// A ZERO is known by its value as well as by its origin (rules.md, Clarifications 2026-12-07): the driver core ends a
// table at the first id whose fields are all zero, whoever made it.
ruleTester().run('id-table: a ZERO by value', rule, {
  valid: [
    {
      name: 'a raw table ended by an id with an empty compatible, alone or with its info',
      code: `${header}import { of, acpi } from '@drvlint/kernel';\nconst NONE = '';\nexport const A = of.rawIdTable([[of.DeviceId.new('a,b'), 0], of.DeviceId.new('')]);\nexport const B = of.rawIdTable([[of.DeviceId.new('a,c'), 0], [of.DeviceId.new(NONE), 0]]);\nexport const C = acpi.rawIdTable([[acpi.DeviceId.new('ABCD0001'), 0], acpi.DeviceId.new('')]);\nexport const D = pci.rawIdTable([[pci.DeviceId.fromId(1, 2), 0], [pci.DeviceId.ZERO, 0]]);\n`,
    },
    {
      name: 'ids that are not zero: a compatible, a PCI id of zeros (its subvendor is ANY_ID)',
      code: `${header}import { of } from '@drvlint/kernel';\nexport const A = of.rawIdTable([[of.DeviceId.new(' '), 0], [of.DeviceId.new('x'), 0], of.DeviceId.ZERO]);\nexport const B = pci.rawIdTable([[pci.DeviceId.fromId(0, 0), 0], pci.DeviceId.ZERO]);\n`,
    },
  ],
  invalid: [
    {
      name: 'an id equal to ZERO before the end',
      code: `${header}import { of } from '@drvlint/kernel';\nexport const A = of.rawIdTable([[of.DeviceId.new('a,b'), 0], [of.DeviceId.new(''), 0], [of.DeviceId.new('c,d'), 0], of.DeviceId.ZERO]);\n`,
      errors: [{ messageId: 'earlyTerminator', line: 3 }],
    },
  ],
});
