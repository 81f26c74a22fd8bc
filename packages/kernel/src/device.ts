import { type Bound, type ContextName, type CoreInternal, type DeviceContext, type Normal, contextSatisfies } from './context.js';
import { KernelError, errno } from './errors.js';
import type { Binding, DeviceState } from './runtime.js';

/**
 * What a device object is at run time: one view of a device, in one context.
 * The driver core hands fresh views to callbacks and invalidates them when the
 * callback returns, so a stored `pdev` fails loudly instead of silently.
 */
export interface View {
  readonly dev: DeviceState;
  readonly ctx: ContextName;
  /** The binding whose callback the view was handed to; undefined for ARefs. */
  readonly binding: Binding | undefined;
  valid: boolean;
}

/** Only the driver core can mint views; the token keeps hand-built devices out. */
export const viewToken: unique symbol = Symbol('drvlint.view');
const views = new WeakMap<object, View>();

declare const deviceContext: unique symbol;

/** A counted, storable reference to a device: the device in context `Normal`. */
export type ARef<D = Device> = D;

/**
 * A device, as `rust/kernel/device.rs`'s `Device<Ctx>`. Members that need a
 * narrower context take a `this:` parameter, so using them on a wider
 * context is a compile error.
 */
export class Device<C extends DeviceContext = Normal> {
  /** Phantom: carries the context in the type; never present at run time. */
  declare readonly [deviceContext]?: C;

  constructor(token: typeof viewToken, view: View) {
    if (token !== viewToken) throw new KernelError(errno.EPERM, 'devices are created by the driver core');
    views.set(this, view);
  }

  get name(): string {
    return use(this, 'Normal', 'name').name;
  }

  ref(): ARef {
    const dev = use(this, 'Normal', 'ref()');
    return dev.core.view(dev, 'Normal', undefined) as Device;
  }

  parent(): ARef | undefined {
    const p = use(this, 'Normal', 'parent()').parent;
    return p === undefined ? undefined : (p.core.view(p, 'Normal', undefined) as Device);
  }

  info(msg: string): void {
    log(this, 'info', msg);
  }
  warn(msg: string): void {
    log(this, 'warn', msg);
  }
  err(msg: string): void {
    log(this, 'err', msg);
  }

  /**
   * The bound driver's private data.
   * @throws {KernelError} `ENOENT` when there is none.
   */
  drvdata<T>(this: Device<Bound>): T {
    const dev = use(this, 'Bound', 'drvdata()');
    if (dev.drvdata === undefined) throw new KernelError(errno.ENOENT, `${dev.name} has no driver data`);
    return dev.drvdata as T;
  }

  /** Bus abstractions only. */
  setDrvdata(this: Device<CoreInternal>, data: unknown): void {
    use(this, 'CoreInternal', 'setDrvdata()').drvdata = data;
  }

  /** Bus abstractions only. */
  drvdataBorrow<T>(this: Device<CoreInternal>): T {
    const dev = use(this, 'CoreInternal', 'drvdataBorrow()');
    if (dev.drvdata === undefined) throw new KernelError(errno.ENOENT, `${dev.name} has no driver data`);
    return dev.drvdata as T;
  }

  /** Bus abstractions only: takes the private data back out of the device. */
  drvdataObtain<T>(this: Device<CoreInternal>): T | undefined {
    const dev = use(this, 'CoreInternal', 'drvdataObtain()');
    const data = dev.drvdata as T | undefined;
    dev.drvdata = undefined;
    return data;
  }
}

function log(d: object, level: 'info' | 'warn' | 'err', msg: string): void {
  const dev = use(d, 'Normal', level);
  dev.core.log(`${dev.bus} ${dev.name}: ${level === 'info' ? '' : `${level}: `}${msg}`);
}

export function viewOf(d: object): View {
  const v = views.get(d);
  if (v === undefined) throw new KernelError(errno.EINVAL, 'not a device created by the driver core');
  return v;
}

/**
 * The device behind a view, after the run-time checks that mirror what the
 * types promise: the view is still valid and its context is narrow enough.
 */
export function use(d: object, need: ContextName, member: string): DeviceState {
  const v = viewOf(d);
  if (!v.valid) {
    v.dev.core.report({
      kind: 'stale-view',
      driver: v.binding?.driver ?? '(none)',
      device: v.dev.name,
      detail: `${member} on the ${v.ctx} view of ${v.dev.name} after the callback it was given to returned`,
    });
    throw new KernelError(errno.EINVAL, `${member}: device view used after its callback returned`);
  }
  if (!contextSatisfies(v.ctx, need)) {
    v.dev.core.report({
      kind: 'context',
      driver: v.binding?.driver ?? v.dev.binding?.driver ?? '(none)',
      device: v.dev.name,
      detail: `${member} needs a ${need} device but was called on a ${v.ctx} view`,
    });
    throw new KernelError(errno.EPERM, `${member} needs a ${need} device`);
  }
  if (need !== 'Normal' && v.binding !== undefined && v.dev.binding !== v.binding) {
    // A view that outlived a rebind of the same device: still a stale view.
    v.valid = false;
    return use(d, need, member);
  }
  return v.dev;
}
