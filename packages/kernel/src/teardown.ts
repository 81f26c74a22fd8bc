import { track, discharge, currentBinding } from './runtime.js';

/** The brand key of `RequiresTeardown`; a real symbol so classes can declare it as a member. */
export const teardownBrand: unique symbol = Symbol('drvlint.requiresTeardown');

/**
 * A value of this type must have method `M` called before the binding that
 * created it ends (rule `required-teardown`). Requiring the method as a
 * member means `implements RequiresTeardown<'cancel'>` fails to compile on a
 * class without `cancel`.
 */
export type RequiresTeardown<M extends string> = { readonly [teardownBrand]?: M } & {
  [K in M]: (...args: never[]) => unknown;
};

/**
 * Tell the simulated driver core that `value[method]()` must run before the
 * current binding ends. Types alone cannot carry an obligation to run time;
 * a class that `implements RequiresTeardown<'m'>` calls this in its
 * constructor so the core can check at unbind what the rule checks statically.
 */
export function requireTeardown<M extends string, T extends RequiresTeardown<M>>(value: T, method: M): T {
  const binding = currentBinding();
  if (binding === undefined) return value;
  const original = value[method] as unknown as (...args: unknown[]) => unknown;
  track(value, method, `${value.constructor.name}.${method}()`, binding);
  Object.defineProperty(value, method, {
    configurable: true,
    writable: true,
    value(this: unknown, ...args: unknown[]) {
      discharge(value);
      return original.apply(this, args);
    },
  });
  return value;
}
