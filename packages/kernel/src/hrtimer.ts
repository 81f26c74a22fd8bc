import { requireBinding, discharge, track, withBinding, type Binding } from './runtime.js';
import { teardownBrand } from './teardown.js';

export const Restart = { NoRestart: 0, Restart: 1 } as const;
export type Restart = (typeof Restart)[keyof typeof Restart];

/** A high-resolution timer on the driver core's virtual clock. */
export class HrTimer {
  readonly #binding: Binding;
  readonly #callback: () => Restart;

  /** @internal use `hrtimer.create` */
  constructor(binding: Binding, callback: () => Restart) {
    this.#binding = binding;
    this.#callback = callback;
  }

  /** Arm the timer `expiresNs` from now; it re-arms with the same period while the callback returns `Restart`. */
  start(expiresNs: number): Handle {
    const binding = this.#binding;
    const dev = binding.device;
    const handle = new Handle();
    const arm = (): void => {
      const cancel = dev.core.schedule(binding, expiresNs, () => {
        dev.core.trace(dev, 'hrtimer fire');
        if (withBinding(binding, this.#callback) === Restart.Restart) arm();
      });
      handle.setCancel(() => {
        dev.core.trace(dev, 'hrtimer cancel');
        return cancel();
      });
    };
    dev.core.trace(dev, `hrtimer start ${expiresNs}ns`);
    arm();
    track(handle, 'cancel', 'hrtimer.Handle.cancel()', binding);
    return handle;
  }
}

/** A started timer. `hrtimer_cancel` must run before the binding ends. */
export class Handle {
  declare readonly [teardownBrand]?: 'cancel';
  #cancel: () => boolean = () => false;

  /** @internal */
  setCancel(cancel: () => boolean): void {
    this.#cancel = cancel;
  }

  /** Cancel the timer and wait for a running callback; true if it was still pending. */
  cancel(): boolean {
    discharge(this);
    return this.#cancel();
  }
}

export function create(callback: () => Restart): HrTimer {
  return new HrTimer(requireBinding('hrtimer.create()'), callback);
}
