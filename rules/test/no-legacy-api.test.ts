import plugin from 'eslint-plugin-drvlint';
import { header, invalid, ruleTester } from './rule-tester.js';

const rule = plugin.rules['no-legacy-api'];

ruleTester().run('no-legacy-api', rule, {
  valid: [
    {
      name: 'the current API, including CoreInternal in a bus helper',
      code: `${header}import type { CoreInternal, Device } from '@drvlint/kernel';\nexport function take(d: Device<CoreInternal>) {\n  return d.drvdataObtain<object>();\n}\nexport const drv = pci.driver({ name: 'd', idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]), probe: () => ({}) });\n`,
    },
    {
      name: 'a namespace import of a barrel with current names only: its members are not legacy',
      code: `import * as k from './helpers/reexport.js';\nexport const drv = k.bus.driver({ name: 'd', idTable: k.bus.idTable([[k.bus.DeviceId.fromId(1, 2), 0]]), probe: () => ({}) });\nexport type C = k.CoreCtx;\n`,
    },
    {
      name: 'the current API through its own namespaces',
      code: `import * as kernel from '@drvlint/kernel';\nexport const drv = kernel.pci.driver({ name: 'd', idTable: kernel.pci.idTable([[kernel.pci.DeviceId.fromId(1, 2), 0]]), probe: () => ({}) });\nexport type C = kernel.Core;\n`,
    },
    {
      name: 'a class with a static remove that no Registration registers is no driver',
      code: `${header}export class Pool {\n  static remove(_pdev: pci.Device<Core>, _x: object): void {}\n}\n`,
    },
  ],
  invalid: [
    invalid(
      'named imports, each with its transform',
      `import { pci, type Core } from '@drvlint/kernel';\nimport {\n  Registration, // !\n  Revocable, // !\n  module, // !\n  type DeviceRemoval, // !\n} from '@drvlint/kernel/legacy';\nclass Data implements DeviceRemoval {\n  constructor(readonly r: Revocable<number>) {}\n  deviceRemove() {}\n}\nclass Drv {\n  static readonly NAME = 'd';\n  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n  static probe(_pdev: pci.Device<Core>): Data {\n    return new Data(new Revocable(1));\n  }\n}\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', init(m) {\n  Registration.new(Drv).register(m);\n} });\n`,
      'legacy',
      'legacy',
      'legacy',
      'legacy',
    ),
    invalid(
      "through a namespace import, in values and types, and a class driver's remove()",
      `import { pci, type Core } from '@drvlint/kernel';\nimport * as legacy from '@drvlint/kernel/legacy';\nclass Drv {\n  static readonly NAME = 'd';\n  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n  static probe(_pdev: pci.Device<Core>): object {\n    return {};\n  }\n  static remove(pdev: pci.Device<Core>, _data: object): void { // !\n    pdev.disableDevice();\n  }\n}\nexport const asDriver: legacy.pci.Driver<object, number> = Drv; // !\nexport default legacy.module({ // !\n  name: 'd', authors: [], description: '', license: 'GPL',\n  init(m) {\n    legacy.Registration.new(Drv).register(m); // !\n  },\n});\n`,
      'remove',
      'legacy',
      'legacy',
      'legacy',
    ),
    invalid(
      'a class driver registered only through a typed alias is still a driver: its remove() is reported',
      `import { pci, type Core } from '@drvlint/kernel';\nimport * as legacy from '@drvlint/kernel/legacy';\nclass Drv {\n  static readonly NAME = 'd';\n  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n  static probe(_pdev: pci.Device<Core>): object {\n    return {};\n  }\n  static remove(pdev: pci.Device<Core>, _data: object): void { // !\n    pdev.disableDevice();\n  }\n}\nconst drv: legacy.pci.Driver<object, number> = Drv; // !\nexport default legacy.module({ // !\n  name: 'd', authors: [], description: '', license: 'GPL',\n  init(m) {\n    legacy.Registration.new(drv).register(m); // !\n  },\n});\n`,
      'remove',
      'legacy',
      'legacy',
      'legacy',
    ),
    invalid(
      'through a project barrel that re-exports the legacy API: named, renamed, a namespace of the barrel, a namespace it re-exports',
      `import { pci, type Core } from '@drvlint/kernel';\nimport { Registration, LegacyRegistration, old } from './helpers/legacy-compat.js'; // !!\nimport * as compat from './helpers/legacy-compat.js';\nclass Drv {\n  static readonly NAME = 'd';\n  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);\n  static probe(_pdev: pci.Device<Core>): object {\n    return {};\n  }\n}\nexport const r1 = Registration.new(Drv);\nexport const r2 = LegacyRegistration.new(Drv);\nexport const asDriver: compat.pci.Driver<object, number> = Drv; // !\nexport default compat.module({ // !\n  name: 'd', authors: [], description: '', license: 'GPL',\n  init(m) {\n    old.Registration.new(Drv).register(m); // !\n  },\n});\n`,
      'legacy',
      'legacy',
      'legacy',
      'legacy',
      'legacy',
    ),
    {
      name: 'a legacy name renamed by a barrel gets the replacement of what it is, under the name it is used by',
      code: `import { Guarded } from './helpers/legacy-compat.js';\nexport const r = new Guarded(1);\n`,
      errors: [
        {
          messageId: 'legacy',
          line: 1,
          data: { name: 'Guarded', use: '`Devres`, which the driver core revokes at unbind', transform: 'device-removal' },
        },
      ],
    },
    {
      name: 'Internal is fixed to CoreInternal under the same local name: the whole import when it is alone',
      code: `import type { Device } from '@drvlint/kernel';\nimport type { Internal } from '@drvlint/kernel/legacy';\nexport function f(d: Device<Internal>) {\n  return d;\n}\n`,
      output: `import type { Device } from '@drvlint/kernel';\nimport type { CoreInternal as Internal } from '@drvlint/kernel';\nexport function f(d: Device<Internal>) {\n  return d;\n}\n`,
      errors: [{ messageId: 'legacy', line: 2, data: { name: 'Internal', use: '`CoreInternal`', transform: 'core-internal' } }],
    },
    {
      name: 'Internal among other legacy names moves to its own type-only import, aliases kept',
      code: `import type { Device } from '@drvlint/kernel';\nimport { type Internal as Ctx, Revocable } from '@drvlint/kernel/legacy';\nexport function f(d: Device<Ctx>) {\n  return new Revocable(d);\n}\n`,
      output: `import type { Device } from '@drvlint/kernel';\nimport { Revocable } from '@drvlint/kernel/legacy';\nimport type { CoreInternal as Ctx } from '@drvlint/kernel';\nexport function f(d: Device<Ctx>) {\n  return new Revocable(d);\n}\n`,
      errors: [
        { messageId: 'legacy', line: 2 },
        { messageId: 'legacy', line: 2 },
      ],
    },
  ],
});
