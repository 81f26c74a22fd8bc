import { KernelError, errno } from './errors.js';
import { type BarModel, type RegisterModel, type DeviceState, noteRelease } from './runtime.js';

type Width = 1 | 2 | 4;

/**
 * Plain memory for a window with no device model. Sparse, since GPU BARs are
 * many megabytes and drivers touch a few registers; little-endian, as PCI is.
 */
function memory(): RegisterModel {
  const bytes = new Map<number, number>();
  return {
    read(off, w) {
      let v = 0;
      for (let i = w - 1; i >= 0; i--) v = v * 256 + (bytes.get(off + i) ?? 0);
      return v;
    },
    write(off, w, v) {
      for (let i = 0; i < w; i++, v = Math.floor(v / 256)) bytes.set(off + i, v & 0xff);
    },
  };
}

/**
 * A mapped register window (`pci::Bar`, `IoMem`). Accesses are bounds checked
 * at run time, and a window used after it was unmapped (its `Devres` revoked)
 * is reported.
 */
export abstract class Mmio {
  readonly size: number;
  readonly #regs: RegisterModel;
  readonly #dev: DeviceState;
  readonly #onUnmap: (() => void) | undefined;
  #mapped = true;

  /** @internal */
  constructor(dev: DeviceState, window: BarModel, onUnmap?: () => void) {
    this.size = window.size;
    this.#regs = window.model ?? memory();
    this.#dev = dev;
    this.#onUnmap = onUnmap;
  }

  read8(off: number): number {
    return this.#read(off, 1);
  }
  read16(off: number): number {
    return this.#read(off, 2);
  }
  read32(off: number): number {
    return this.#read(off, 4);
  }
  write8(v: number, off: number): void {
    this.#write(v, off, 1);
  }
  write16(v: number, off: number): void {
    this.#write(v, off, 2);
  }
  write32(v: number, off: number): void {
    this.#write(v, off, 4);
  }

  /** @internal unmap; called when the owning `Devres` is revoked */
  [Symbol.dispose](): void {
    if (this.#mapped) noteRelease('an MMIO mapping was');
    if (this.#mapped) this.#onUnmap?.();
    this.#mapped = false;
  }

  #check(off: number, w: Width): void {
    if (!this.#mapped) {
      const b = this.#dev.binding;
      this.#dev.core.report({
        kind: 'use-after-revoke',
        driver: b?.driver ?? '(unbound)',
        device: this.#dev.name,
        detail: `register access at 0x${off.toString(16)} after the mapping was revoked`,
      });
      throw new KernelError(errno.ENODEV, 'register window unmapped');
    }
    if (!Number.isInteger(off) || off < 0 || off + w > this.size || off % w !== 0) {
      throw new KernelError(errno.EINVAL, `access of ${w} bytes at ${off} outside a ${this.size}-byte window`);
    }
  }
  #read(off: number, w: Width): number {
    this.#check(off, w);
    const v = this.#regs.read(off, w);
    this.#dev.core.trace(this.#dev, `read${w * 8} @${hex(off)} = ${hex(v)}`);
    return v;
  }
  #write(v: number, off: number, w: Width): void {
    this.#check(off, w);
    this.#dev.core.trace(this.#dev, `write${w * 8} ${hex(v)} @${hex(off)}`);
    this.#regs.write(off, w, v);
  }
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
