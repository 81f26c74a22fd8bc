import type { Bound } from './context.js';
import { type Device, use } from './device.js';
import { Devres } from './devres.js';
import { KernelError, errno } from './errors.js';
import { type Handler, Registration } from './irq.js';
import type { PciHardware, PlatformHardware } from './runtime.js';

/** `request_irq` for a bus device: the line is freed when the returned resource is revoked. */
export function requestIrqLine(dev: Device<Bound>, line: number, name: string, handler: Handler, api: string): Devres<Registration> {
  const state = use(dev, 'Bound', api);
  const hw = state.hw as PciHardware | PlatformHardware;
  const binding = state.binding;
  if (binding === undefined) throw new KernelError(errno.ENODEV, `${state.name} is not bound`);
  if (hw.irqs.has(line)) throw new KernelError(errno.EBUSY, `IRQ ${line} of ${state.name} is already requested`);
  hw.irqs.set(line, { name, binding, handler: handler });
  state.core.trace(state, `irq ${line} request ${name}`);
  return Devres.new(
    dev,
    new Registration(() => {
      hw.irqs.delete(line);
      state.core.trace(state, `irq ${line} free`);
    }),
  );
}
