import type { KernelModule } from '../module.js';
import { declareLegacyModule, type ThisModule } from './runtime.js';

/** @deprecated The definition of a legacy module: declare drivers statically with `module({ drivers })`. Migrate: `drvlint migrate --only registration`. */
export interface LegacyModuleDef<S> {
  readonly name: string;
  readonly authors: readonly string[];
  readonly description: string;
  readonly license: string;
  /** Registers drivers by hand; what it returns is handed to `exit`. */
  init(module: ThisModule): S;
  exit?(state: S): void;
}

/**
 * @deprecated Declare drivers statically with `module({ drivers })` from
 * `@drvlint/kernel`. Migrate: `drvlint migrate --only registration`.
 *
 * A module whose `init` registers its drivers by hand. Loading it runs
 * `init`; unloading runs `exit`, then unregisters whatever is still
 * registered.
 */
export function module<S>(def: LegacyModuleDef<S>): KernelModule {
  const mod: KernelModule = Object.freeze({
    name: def.name,
    authors: Object.freeze([...def.authors]),
    description: def.description,
    license: def.license,
    drivers: Object.freeze([]),
    kind: 'module' as const,
  });
  declareLegacyModule(mod, { init: (m) => def.init(m), ...(def.exit ? { exit: (s: unknown) => def.exit?.(s as S) } : {}) });
  return mod;
}
