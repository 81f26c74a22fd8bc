import plugin from 'eslint-plugin-drvlint';
import { header, invalid, pciDriver, ruleTester } from './rule-tester.js';

const rule = plugin.rules['no-context-forgery'];

// Every member the kernel's Device requires, so that a literal of them passes for one where the type check holds.
const members = `name: 'f', ref: x, parent: x, info: x, warn: x, err: x, drvdata: x, setDrvdata: x, drvdataBorrow: x, drvdataObtain: x`;
const deviceHeader = `import type { Device } from '@drvlint/kernel';\n${header}declare const x: any;\ndeclare const core: Device<Core>;\n`;

ruleTester().run('no-context-forgery', rule, {
  valid: [
    {
      name: 'widening assertions',
      code: pciDriver(
        `    const a = pdev as pci.Device;\n    const b = pdev as pci.Device<Bound>;\n    const c = <pci.Device>pdev;\n    return { a: a.ref(), b: b.ref(), c: c.ref() };`,
      ),
    },
    {
      name: 'narrowing a generic device to its bus class',
      code: `${header}export function asPci(d: import('@drvlint/kernel').Device) {\n  return pci.Device.fromDevice(d);\n}\n`,
    },
    {
      name: 'assertions to types that are not devices',
      code: pciDriver(
        `    const n = pdev.vendorId() as 0x1b36;\n    const o = { n } as const;\n    const u = pdev as unknown;\n    return { n, o, u };`,
      ),
    },
    {
      name: 'a directive over a line with no context upgrade',
      code: pciDriver(`    // @ts-expect-error the id is not a string\n    const s: string = pdev.vendorId();\n    return { s };`),
    },
    {
      name: 'a `let` declared without a type holds what was last assigned to it, not `any`',
      code: `${header}declare const blob: any;\ndeclare const core: pci.Device<Core>;\nlet held;\nheld = blob;\nheld = core;\nconst d: pci.Device<Core> = held;\nvoid d;\n`,
    },
    {
      name: 'a generic helper whose type parameter stays generic',
      code: `${header}export function same<D extends pci.Device>(d: D): D {\n  return d as D;\n}\n`,
    },
    {
      name: 'near misses: an identity generic, a predicate that keeps the context, a widening function cast, an any helper that only logs',
      code: pciDriver(
        `    const same = id(pdev);\n    if (isPci(pdev)) pdev.setMaster();\n    const widen = ((d: pci.Device<Core>) => d) as (d: pci.Device<Core>) => pci.Device;\n    log(pdev.ref());\n    return { same: same.ref(), w: widen(pdev).ref() };`,
        {
          before: `function id<T>(x: T): T {\n  return x;\n}\nfunction isPci(d: pci.Device<Core>): d is pci.Device<Core> {\n  return d.vendorId() > 0;\n}\nfunction log(d: any): void {\n  d.info('x');\n}`,
        },
      ),
    },
    {
      name: 'object literals that lack a device member: one given where a device or another shape is accepted, an id table entry, a driver definition',
      code: pciDriver(`    const opt: pci.Device<Core> | { lanes: number } = { lanes: 1 };\n    return { opt };`),
    },
    {
      name: 'returns of any with no device expected: an unannotated function or method, and a result that cannot be a device',
      code: `${header}declare const blob: any;\nexport function plain() {\n  return blob;\n}\nexport class K {\n  m() {\n    return blob;\n  }\n}\nexport function n(): number {\n  return blob;\n}\nexport const s: string = blob;\n`,
    },
    {
      name: 'near misses for any in literals: members that are not devices, a Normal device member, an any spread, and a real device',
      code: `${header}declare const blob: any;\ndeclare const core: pci.Device<Core>;\nconst o: { dev: pci.Device; n: number; f: (d: pci.Device<Core>) => void } = { dev: blob, n: blob, f: blob };\nconst p: { dev: pci.Device<Core> } = { ...blob };\nconst q: { dev: pci.Device<Core> }[] = [{ dev: core }];\nvoid o; void p; void q;\n`,
    },
    {
      name: 'a Bound device given where Bound is needed',
      code: pciDriver(`    use(pdev);\n    return {};`, { before: `function use(d: pci.Device<Bound>) {\n  d.iomapRegion(0, 'x');\n}` }),
    },
  ],
  invalid: [
    invalid(
      'an unknown round trip from an ARef to Core',
      pciDriver(`    const aref = pdev.ref();\n    (aref as unknown as pci.Device<Core>).enableDeviceMem(); // !\n    return {};`),
      'assertion',
    ),
    invalid(
      'a direct assertion from Normal to Bound',
      pciDriver(`    return { b: use(pdev.ref() as pci.Device<Bound>) }; // !`, {
        before: `function use(d: pci.Device<Bound>) {\n  return d.iomapRegion(0, 'x');\n}`,
      }),
      'assertion',
    ),
    invalid(
      'Bound to Core, in an IRQ handler',
      pciDriver(
        `    const r = pdev.requestIrq(0, 'x', {\n      handle(dev) {\n        (dev as pci.Device<Core>).setMaster(); // !\n        return irq.Return.Handled;\n      },\n    });\n    return { r };`,
      ),
      'assertion',
    ),
    invalid(
      'any asserted to a device',
      `${header}export function fromJson(s: string) {\n  return JSON.parse(s) as pci.Device<Core>; // !\n}\n`,
      'assertion',
    ),
    invalid(
      'any flowing into a Core-typed binding, argument and return',
      `${header}declare const blob: any;\nconst d: pci.Device<Core> = blob; // !\nfunction use(x: pci.Device<Bound>) { return x; }\nuse(blob); // !\nexport function get(): pci.Device<Core> {\n  return blob; // !\n}\nvoid d;\n`,
      'anyFlow',
      'anyFlow',
      'anyFlow',
    ),
    invalid(
      'any as a member of a literal where a Core device is expected: a destructured binding, an argument, an array, a parenthesized cast, a return, nested, and shorthand',
      `${header}declare const blob: any;\nconst { dev }: { dev: pci.Device<Core> } = { dev: blob as any }; // !\nfunction use(o: { dev: pci.Device<Core>; n: number }) { return o; }\nuse({ dev: blob, n: 1 }); // !\nconst list: pci.Device<Core>[] = [blob]; // !\ndeclare const aref: pci.Device;\nconst casted: pci.Device<Core> = (aref as any); // !\nexport function get(): { inner: { d: pci.Device<Core> } } {\n  return { inner: { d: blob } }; // !\n}\nexport function short(d: any): { d: pci.Device<Core> } {\n  return { d }; // !\n}\nvoid dev; void list; void casted;\n`,
      'anyFlow',
      'anyFlow',
      'anyFlow',
      'anyFlow',
      'anyFlow',
      'anyFlow',
    ),
    invalid(
      'a name declared `any` flows into a Core-typed binding, whatever it was given',
      `${header}declare const core: pci.Device<Core>;\nlet loose: any = core;\nloose = 1;\nconst d: pci.Device<Core> = loose; // !\nvoid d;\n`,
      'anyFlow',
    ),
    invalid(
      'a Core-only member called through an any cast',
      pciDriver(`    const aref = pdev.ref();\n    (aref as any).setMaster(); // !\n    return {};`),
      'memberThroughAny',
    ),
    invalid(
      '@ts-expect-error over a Core-only call on an ARef',
      pciDriver(`    const aref = pdev.ref();\n    // @ts-expect-error // !\n    aref.setMaster();\n    return {};`),
      'directive',
    ),
    invalid(
      '@ts-ignore over an upgrade by assignment',
      pciDriver(
        `    const aref: pci.Device = pdev.ref();\n    // @ts-ignore // !\n    const c: pci.Device<Core> = aref;\n    return { c };`,
      ),
      'directive',
    ),
    invalid(
      'upgrades with no assertion on a device: a generic helper, a type predicate, a function-typed cast, an any parameter and an overload',
      pciDriver(
        `    const aref = pdev.ref();\n    upgrade<pci.Device<Core>>(aref).setMaster(); // !\n    if (isCore(aref)) aref.setMaster();\n    const lift = ((d: unknown) => d) as (d: pci.Device) => pci.Device<Core>; // !\n    lift(aref).setMaster();\n    kick(aref); // !\n    master(aref); // !\n    return {};`,
        {
          before: `function upgrade<T>(v: unknown): T {\n  return v as T;\n}\nfunction isCore(d: pci.Device): d is pci.Device<Core> { // !\n  return d.vendorId() > 0;\n}\nfunction kick(d: any): void {\n  d.setMaster();\n}\nfunction master(d: pci.Device): void;\nfunction master(d: any): void {\n  d.enableDeviceMem();\n}`,
        },
      ),
      'predicate',
      'generic',
      'functionCast',
      'anyParam',
      'anyParam',
    ),
    invalid(
      'an any parameter behind two overloads, whichever one the call picks',
      pciDriver(`    const aref = pdev.ref();\n    poke(aref); // !\n    poke(aref, 1); // !\n    return {};`, {
        before: `function poke(d: pci.Device): void;\nfunction poke(d: pci.Device, n: number): void;\nfunction poke(d: any, n = 0): void {\n  if (n >= 0) d.setMaster();\n}`,
      }),
      'anyParam',
      'anyParam',
    ),
    invalid(
      'an identity generic told its type argument: the argument, not the value, decides the result',
      `${header}declare const blob: any;\nfunction same<T>(x: T): T {\n  return x;\n}\nexport function lift(aref: pci.Device) {\n  same<pci.Device<Core>>(blob).setMaster(); // !!\n  return same(aref);\n}\n`,
      'generic',
      'anyFlow',
    ),
    invalid(
      'in a @ts-nocheck file, an ARef used as a Core device',
      `// @ts-nocheck\n${pciDriver(`    const aref = pdev.ref();\n    const core: pci.Device<Core> = aref; // !\n    core.setMaster();\n    return {};`)}`,
      'nocheck',
    ),
    invalid(
      'a hand-built object asserted to a device',
      pciDriver(`    const fake = {} as pci.Device<Core>; // !\n    return { fake };`),
      'handBuilt',
    ),
    invalid(
      'a class that implements a Core device',
      `import type { Device } from '@drvlint/kernel';\n${header}export abstract class Fake implements Device<Core> { // !\n  abstract name: string;\n  abstract ref(): any;\n  abstract parent(): any;\n  abstract info(m: string): void;\n  abstract warn(m: string): void;\n  abstract err(m: string): void;\n  abstract drvdata<T>(): T;\n  abstract setDrvdata(d: unknown): void;\n  abstract drvdataBorrow<T>(): T;\n  abstract drvdataObtain<T>(): T | undefined;\n}\n`,
      'handBuilt',
    ),
    invalid(
      'hand-built objects with every device member where a Core device is expected: a binding, an argument, a return, an array element, a generic inferred from another argument',
      `${deviceHeader}function use(d: Device<Core>) {\n  return d;\n}\nfunction pair<T>(a: T, b: T) {\n  return [a, b];\n}\nexport const a: Device<Core> = { ${members} }; // !\nuse({ ${members} }); // !\nexport function get(): Device<Core> {\n  return { ${members} }; // !\n}\nexport const list: Device<Core>[] = [{ ${members} }]; // !\npair(core, { ${members} }); // !\n`,
      'handBuilt',
      'handBuilt',
      'handBuilt',
      'handBuilt',
      'handBuilt',
    ),
    invalid(
      'a hand-built object missing members, in a @ts-nocheck file',
      `// @ts-nocheck\n${deviceHeader}export const d: Device<Core> = { name: 'x' }; // !\n`,
      'handBuilt',
    ),
    invalid(
      'a hand-built object missing members, under @ts-expect-error',
      `${deviceHeader}// @ts-expect-error: not a device\nexport const d: Device<Core> = { name: 'x' }; // !\n`,
      'handBuilt',
    ),
    invalid(
      'any returned where a Core device is expected: a contextually typed arrow and method, an async function, a getter typed by its setter',
      `${header}declare const blob: any;\nexport const f: () => pci.Device<Core> = () => {\n  return blob; // !\n};\nexport const h: { get(): pci.Device<Core> } = {\n  get() {\n    return blob; // !\n  },\n};\nexport async function g(): Promise<pci.Device<Core>> {\n  return blob; // !\n}\nexport class K {\n  get d() {\n    return blob; // !\n  }\n  set d(v: pci.Device<Core>) {\n    void v;\n  }\n}\n`,
      'anyFlow',
      'anyFlow',
      'anyFlow',
      'anyFlow',
    ),
    invalid(
      'a spread copy asserted to a device',
      `${header}export declare const f: pci.Device;\nexport const g = { ...f } as pci.Device<Core>; // !\n`,
      'handBuilt',
    ),
  ],
});

// Forgery is any narrowing of a device's context that the checker did not prove (rules.md, Clarifications 2026-12-07).
ruleTester().run('no-context-forgery: narrowing with no cast', rule, {
  valid: [
    {
      name: 'a declaration that keeps the context, Reflect.apply on the Core device itself, and a callback as wide as its slot',
      code: pciDriver(
        `    const same = keep(pdev);\n    same.setMaster();\n    Reflect.apply(pdev.setMaster, pdev, []);\n    install({ handle(d: pci.Device) {\n      d.info('x');\n    } });\n    return {};`,
        {
          before: `declare function keep(d: pci.Device<Core>): pci.Device<Core>;\ninterface Ops {\n  handle(d: pci.Device): void;\n}\nfunction install(ops: Ops): void {\n  void ops;\n}`,
        },
      ),
    },
  ],
  invalid: [
    invalid(
      'a declaration with no body, a conditional type implemented as never, Reflect.apply of a Core-only member, and method bivariance',
      pciDriver(
        `    const r = pdev.ref();\n    asCore(r).setMaster(); // !\n    up(r).setMaster(); // !\n    Reflect.apply(pdev.setMaster, r, []); // !\n    install({ handle(d: pci.Device<Core>) { // !\n      d.setMaster();\n    } });\n    return {};`,
        {
          before: `declare function asCore(d: pci.Device): pci.Device<Core>;\nfunction up<T>(d: T): T extends pci.Device ? pci.Device<Core> : never {\n  return d as never;\n}\ninterface Ops {\n  handle(d: pci.Device): void;\n}\nfunction install(ops: Ops): void {\n  void ops;\n}`,
        },
      ),
      'declared',
      'declared',
      'applied',
      'variance',
    ),
    invalid(
      'overload signatures that declare a narrower device than their body returns; overloads giving no device stay quiet',
      pciDriver(
        `    const r = pdev.ref();\n    lift(r).setMaster(); // !\n    lift(r, 1).setMaster(); // !\n    label(r);\n    label(r, 2);\n    return {};`,
        {
          before: `function lift(d: pci.Device): pci.Device<Core>;\nfunction lift(d: pci.Device, n: number): pci.Device<Core>;\nfunction lift(d: pci.Device, n = 0): pci.Device {\n  void n;\n  return d;\n}\nfunction label(d: pci.Device): string;\nfunction label(d: pci.Device, n: number): string;\nfunction label(d: pci.Device, n = 0): string {\n  return String(n) + String(d.vendorId());\n}`,
        },
      ),
      'declared',
      'declared',
    ),
  ],
});
