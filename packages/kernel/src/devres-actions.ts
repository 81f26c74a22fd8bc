import type { Bound } from './context.js';
import { type Device, use } from './device.js';
import { KernelError, errno } from './errors.js';

/** `devm_add_action`: dispose `data` when `dev` unbinds, with its other device resources. */
export function register(dev: Device<Bound>, data: Disposable): void {
  const owner = use(dev, 'Bound', 'devres.register()');
  const binding = owner.binding;
  if (binding === undefined) throw new KernelError(errno.ENODEV, `${owner.name} is not bound`);
  binding.devres.push(() => data[Symbol.dispose]());
}
