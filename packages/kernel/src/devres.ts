import type { Bound } from './context.js';
import { type Device, use } from './device.js';
import { KernelError, errno } from './errors.js';
import type { DeviceState } from './runtime.js';

/** Data a `Devres` owns: only its revocation releases it (`access()` only lends it out). */
const owned = new WeakSet();

/** @internal Whether a `Devres` owns `data`, so that something holding it borrowed must not release it. */
export function isDevresOwned(data: unknown): boolean {
  return typeof data === 'object' && data !== null && owned.has(data);
}

/**
 * A device resource, revoked when the owning device unbinds (after `unbind`
 * returns, before the private data is disposed). Revocation drops the data:
 * if it is `Disposable`, it is disposed then.
 */
export class Devres<T> {
  #owner: DeviceState;
  #data: T | undefined;
  #revoked = false;

  private constructor(owner: DeviceState, data: T) {
    this.#owner = owner;
    this.#data = data;
  }

  static new<T>(dev: Device<Bound>, data: T): Devres<T> {
    const owner = use(dev, 'Bound', 'Devres.new()');
    const binding = owner.binding;
    if (binding === undefined) throw new KernelError(errno.ENODEV, `${owner.name} is not bound`);
    const res = new Devres(owner, data);
    if (typeof data === 'object' && data !== null) owned.add(data);
    binding.devres.push(() => res.#revoke());
    return res;
  }

  /** The data, with no revocation check: a bound owner proves it is still there. */
  access(dev: Device<Bound>): T {
    const given = use(dev, 'Bound', 'Devres.access()');
    if (given !== this.#owner) {
      this.#owner.core.report({
        kind: 'devres-foreign',
        driver: this.#owner.binding?.driver ?? given.binding?.driver ?? '(none)',
        device: this.#owner.name,
        detail: `Devres of ${this.#owner.name} accessed with device ${given.name}`,
      });
      throw new KernelError(errno.EINVAL, `device ${given.name} does not own this resource`);
    }
    if (this.#revoked) {
      this.#owner.core.report({
        kind: 'use-after-revoke',
        driver: this.#owner.binding?.driver ?? '(none)',
        device: this.#owner.name,
        detail: 'Devres.access() after the resource was revoked',
      });
      throw new KernelError(errno.ENODEV, 'device resource revoked');
    }
    return this.#data as T;
  }

  /** The data, or undefined once revoked: a run-time check on every access. */
  tryAccess(): T | undefined {
    return this.#revoked ? undefined : this.#data;
  }

  tryAccessWith<R>(f: (data: T) => R): R | undefined {
    return this.#revoked ? undefined : f(this.#data as T);
  }

  #revoke(): void {
    const data = this.#data;
    this.#revoked = true;
    this.#data = undefined;
    if (typeof data === 'object' && data !== null && Symbol.dispose in data) {
      (data as Disposable)[Symbol.dispose]();
    }
  }
}
