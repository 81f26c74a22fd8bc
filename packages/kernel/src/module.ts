import type * as auxiliary from './auxiliary.js';
import type * as pci from './pci.js';
import type * as platform from './platform.js';

// `any`: a module holds drivers of every private-data and id-info type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDriver = pci.Driver<any, any> | platform.Driver<any, any> | auxiliary.Driver<any, any>;

export interface ModuleDef {
  readonly name: string;
  readonly authors: readonly string[];
  readonly description: string;
  readonly license: string;
  readonly drivers: readonly AnyDriver[];
}

/** A frozen module declaration, as `module_driver!`; `export default module({...})`. */
export interface KernelModule extends ModuleDef {
  readonly kind: 'module';
}

export function module(def: ModuleDef): KernelModule {
  return Object.freeze({
    ...def,
    authors: Object.freeze([...def.authors]),
    drivers: Object.freeze([...def.drivers]),
    kind: 'module' as const,
  });
}
