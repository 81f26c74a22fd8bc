import type { Binding } from '../runtime.js';

/** Something a binding asked to run later: a timer expiry or a work item. */
export interface Deferred {
  readonly binding: Binding | undefined;
  readonly run: () => void;
  readonly what: string;
}

interface Timer extends Deferred {
  readonly due: number;
  readonly seq: number;
}

/** Bounds a run of callbacks that keep re-arming themselves with no delay. */
const MAX_CALLBACKS_PER_STEP = 100_000;

/** A virtual nanosecond clock: timers fire only when a test advances it. */
export class VirtualClock {
  #now = 0;
  #seq = 0;
  #timers: Timer[] = [];

  get now(): number {
    return this.#now;
  }

  schedule(d: Deferred, delayNs: number): () => boolean {
    const t: Timer = { ...d, due: this.#now + Math.max(0, delayNs), seq: this.#seq++ };
    this.#timers.push(t);
    return () => {
      const i = this.#timers.indexOf(t);
      if (i < 0) return false;
      this.#timers.splice(i, 1);
      return true;
    };
  }

  /** Move time forward, firing due timers in order of expiry. */
  advance(ns: number, dispatch: (d: Deferred) => void): void {
    const target = this.#now + ns;
    for (let n = 0; ; n++) {
      if (n > MAX_CALLBACKS_PER_STEP) throw new Error(`more than ${MAX_CALLBACKS_PER_STEP} timer callbacks in one advance()`);
      let next: Timer | undefined;
      for (const t of this.#timers) {
        if (t.due <= target && (next === undefined || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
      }
      if (next === undefined) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = next.due;
      dispatch(next);
    }
    this.#now = target;
  }

  get pending(): number {
    return this.#timers.length;
  }
}

/** A work queue that runs only when a test asks. */
export class WorkQueue {
  #items: Deferred[] = [];

  enqueue(d: Deferred): () => boolean {
    this.#items.push(d);
    return () => {
      const i = this.#items.indexOf(d);
      if (i < 0) return false;
      this.#items.splice(i, 1);
      return true;
    };
  }

  /** Run queued work until the queue is empty, including work queued by work. */
  drain(dispatch: (d: Deferred) => void): number {
    let n = 0;
    for (let d = this.#items.shift(); d !== undefined; d = this.#items.shift()) {
      if (++n > MAX_CALLBACKS_PER_STEP) throw new Error(`more than ${MAX_CALLBACKS_PER_STEP} work items in one runWork()`);
      dispatch(d);
    }
    return n;
  }

  get pending(): number {
    return this.#items.length;
  }
}
