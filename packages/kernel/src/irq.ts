import type { Bound } from './context.js';
import type { Device } from './device.js';
import { noteRelease } from './runtime.js';

export const Return = { None: 0, Handled: 1 } as const;
export type Return = (typeof Return)[keyof typeof Return];

/** An interrupt handler; `handle` runs in hard-IRQ (atomic) context. */
export interface Handler {
  handle(dev: Device<Bound>): Return;
}

/** A requested IRQ line; freed when its `Devres` is revoked at unbind. */
export class Registration implements Disposable {
  readonly #free: () => void;
  #freed = false;

  /** @internal created by `requestIrq` */
  constructor(free: () => void) {
    this.#free = free;
  }

  [Symbol.dispose](): void {
    if (this.#freed) return;
    noteRelease('an IRQ was');
    this.#freed = true;
    this.#free();
  }
}
