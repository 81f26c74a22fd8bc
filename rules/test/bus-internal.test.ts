import plugin from 'eslint-plugin-drvlint';
import { header, ruleTester } from './rule-tester.js';

const rule = plugin.rules['bus-internal'];
const busCode = `import { type CoreInternal, type Device } from '@drvlint/kernel';\nexport function attach(dev: Device<CoreInternal>, data: object) {\n  dev.setDrvdata(data);\n  return dev.drvdataBorrow<object>() === dev.drvdataObtain<object>();\n}\n`;

ruleTester().run('bus-internal', rule, {
  valid: [
    {
      name: 'drvdata() on a bound device is public',
      code: `${header}export function read(dev: pci.Device<Bound>) {\n  return dev.drvdata<{ n: number }>().n;\n}\n`,
    },
    {
      name: 'Core and Bound are for drivers',
      code: `${header}export function f(a: pci.Device<Core>, b: pci.Device<Bound>) {\n  return [a.name, b.name];\n}\n`,
    },
    {
      name: 'a bus module configured through busModules',
      code: busCode,
      filename: 'helpers/bus.ts',
      options: [{ busModules: ['helpers/bus.ts'] }],
    },
    { name: 'busModules globs', code: busCode, filename: 'helpers/bus.ts', options: [{ busModules: ['**/helpers/*.ts'] }] },
    {
      name: 'a mapped type that renames the accessors (its members are its own)',
      code: `${header}type Renamed = { [K in 'setDrvdata' as \`my\${K}\`]: pci.Device<Core>[K] };\nexport function take(r: Renamed) {\n  r.mysetDrvdata(1);\n}\n`,
    },
    { name: 'a member that only shares the name', code: `export const o = { setDrvdata(x: number) { return x; } };\no.setDrvdata(1);\n` },
  ],
  invalid: [
    {
      name: 'a driver names CoreInternal and calls the accessors',
      code: busCode,
      errors: [
        { messageId: 'coreInternal', line: 1 },
        { messageId: 'coreInternal', line: 2 },
        { messageId: 'accessor', line: 3, data: { member: 'setDrvdata' } },
        { messageId: 'accessor', line: 4, data: { member: 'drvdataBorrow' } },
        { messageId: 'accessor', line: 4, data: { member: 'drvdataObtain' } },
      ],
    },
    {
      name: 'a renamed import, a namespace and a type alias',
      code: `import { type CoreInternal as CI } from '@drvlint/kernel';\nimport * as k from '@drvlint/kernel';\ntype Mine = k.CoreInternal;\nexport declare const d: k.Device<CI>;\nexport type { Mine };\n`,
      errors: [
        { messageId: 'coreInternal', line: 1 },
        { messageId: 'coreInternal', line: 3 },
        { messageId: 'coreInternal', line: 4 },
      ],
    },
    {
      // A file is walked for the names only when its text may spell one: an escape spells it without its letters.
      name: 'CoreInternal spelt with a unicode escape',
      code: `import { type \\u0043oreInternal, type Device } from '@drvlint/kernel';\nexport declare const d: Device<C\\u006freInternal>;\n`,
      errors: [
        { messageId: 'coreInternal', line: 1 },
        { messageId: 'coreInternal', line: 2 },
      ],
    },
    {
      name: 'an accessor reached through a picked type and an optional call',
      code: `${header}type Handle = Pick<pci.Device<Core>, 'drvdataObtain' | 'setDrvdata'>;\nexport function take(h: Handle | undefined) {\n  // @ts-expect-error setDrvdata needs CoreInternal\n  h?.setDrvdata(1);\n  return (h!).drvdataObtain<number>();\n}\n`,
      errors: [
        { messageId: 'accessor', line: 5, data: { member: 'setDrvdata' } },
        { messageId: 'accessor', line: 6, data: { member: 'drvdataObtain' } },
      ],
    },
    {
      // The rule resolves only calls whose callee's signatures may be an accessor's: these reach one through
      // a union, an intersection, a type parameter, a subclass and an indexed access type.
      name: 'an accessor through unions, intersections, type parameters, subclasses and indexed types',
      code: `${header}class Mine extends pci.Device<Core> {}\ntype Setter = pci.Device<Core>['drvdataObtain'];\nexport function take<D extends pci.Device<Core>>(u: pci.Device<Core> | platform.Device<Core>, i: pci.Device<Core> & { n: number }, d: D, m: Mine, o: { get: Setter }) {\n  u.drvdataObtain<number>();\n  i.drvdataObtain<number>();\n  d.drvdataObtain<number>();\n  m.drvdataObtain<number>();\n  return o.get<number>();\n}\n`,
      errors: [
        { messageId: 'accessor', line: 5, data: { member: 'drvdataObtain' } },
        { messageId: 'accessor', line: 6, data: { member: 'drvdataObtain' } },
        { messageId: 'accessor', line: 7, data: { member: 'drvdataObtain' } },
        { messageId: 'accessor', line: 8, data: { member: 'drvdataObtain' } },
      ],
    },
    {
      name: 'a file outside the configured bus modules',
      code: `${header}export function take(dev: pci.Device<Core>) {\n  // @ts-expect-error setDrvdata needs CoreInternal\n  dev.setDrvdata(1);\n}\n`,
      options: [{ busModules: ['helpers/bus.ts'] }],
      errors: [{ messageId: 'accessor', line: 4 }],
    },
  ],
});
