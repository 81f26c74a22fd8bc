/**
 * Device contexts are phantom type-states, as in `rust/kernel/device.rs`.
 *
 * Each context extends the wider one, so a `Device<Core>` is usable as a
 * `Device<Bound>` but never the other way round. The brand keys are symbols
 * that are never exported, so no object literal outside this package can
 * claim a context: upgrading one takes a cast, which `no-context-forgery`
 * reports.
 */
declare const normalTag: unique symbol;
declare const boundTag: unique symbol;
declare const coreTag: unique symbol;
declare const coreInternalTag: unique symbol;

/** The default context; the only one that may be stored (an `ARef`). */
export interface Normal {
  readonly [normalTag]: 'Normal';
}
/** The device is bound to a driver for as long as this reference lives. */
export interface Bound extends Normal {
  readonly [boundTag]: 'Bound';
}
/** Argument of a bus callback (`probe`, `unbind`); the device lock is held. */
export interface Core extends Bound {
  readonly [coreTag]: 'Core';
}
/** Like `Core`, reserved for bus abstractions. */
export interface CoreInternal extends Core {
  readonly [coreInternalTag]: 'CoreInternal';
}

export type DeviceContext = Normal | Bound | Core | CoreInternal;

/** The run-time spelling of a context, used by the simulated driver core. */
export type ContextName = 'Normal' | 'Bound' | 'Core' | 'CoreInternal';

const rank: Readonly<Record<ContextName, number>> = { Normal: 0, Bound: 1, Core: 2, CoreInternal: 3 };

/** Whether a view of context `have` may be used where `need` is required. */
export function contextSatisfies(have: ContextName, need: ContextName): boolean {
  return rank[have] >= rank[need];
}
