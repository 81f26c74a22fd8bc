import { isDevresOwned } from '../devres.js';
import { currentBinding } from '../runtime.js';

/**
 * @deprecated Use `Devres<T>`, which the driver core revokes at unbind. Migrate: `drvlint migrate --only device-removal`.
 *
 * Data that can be revoked once: after `revoke()`, accesses see `undefined`.
 * One made during a binding is revoked with that binding's device resources
 * (after unbind, before the private data is disposed), in the same last-in,
 * first-out order. Revocation disposes the data, as `Devres` does, unless a
 * `Devres` owns it: `new Revocable(devres.access(dev))` holds a borrowed
 * mapping, and only the `Devres` unmaps it, as in Rust, where `access()`
 * returns a reference.
 */
export class Revocable<T> {
  #data: T | undefined;
  #revoked = false;

  constructor(data: T) {
    this.#data = data;
    currentBinding()?.devres.push(() => this.revoke());
  }

  get isRevoked(): boolean {
    return this.#revoked;
  }

  tryAccess(): T | undefined {
    return this.#revoked ? undefined : this.#data;
  }

  tryAccessWith<R>(f: (data: T) => R): R | undefined {
    return this.#revoked ? undefined : f(this.#data as T);
  }

  /** Idempotent. */
  revoke(): void {
    if (this.#revoked) return;
    const data = this.#data;
    this.#revoked = true;
    this.#data = undefined;
    if (typeof data === 'object' && data !== null && Symbol.dispose in data && !isDevresOwned(data)) (data as Disposable)[Symbol.dispose]();
  }
}
