import { requireBinding, discharge, track } from './runtime.js';
import { teardownBrand } from './teardown.js';

/** A pending work item. `cancel_work_sync` must run before the binding ends. */
export class WorkHandle {
  declare readonly [teardownBrand]?: 'cancelSync';
  readonly #cancel: () => boolean;

  /** @internal */
  constructor(cancel: () => boolean) {
    this.#cancel = cancel;
  }

  /** Cancel the work and wait for it if it runs; true if it was still pending. */
  cancelSync(): boolean {
    discharge(this);
    return this.#cancel();
  }
}

/** A work queue; the simulated core runs queued work on demand (`core.runWork()`). */
export class Queue {
  readonly name: string;

  /** @internal */
  constructor(name: string) {
    this.name = name;
  }

  /** Queue `work`; the closure outlives the callback that queued it. */
  enqueue(work: () => void): WorkHandle {
    const binding = requireBinding(`workqueue.${this.name}.enqueue()`);
    const dev = binding.device;
    dev.core.trace(dev, `work queue ${this.name}`);
    const cancel = dev.core.enqueueWork(binding, () => {
      dev.core.trace(dev, `work run ${this.name}`);
      work();
    });
    const handle = new WorkHandle(() => {
      dev.core.trace(dev, `work cancel ${this.name}`);
      return cancel();
    });
    track(handle, 'cancelSync', 'workqueue.WorkHandle.cancelSync()', binding);
    return handle;
  }
}

export const system: Queue = new Queue('system');
