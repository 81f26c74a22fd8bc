import type { RegisterModel } from '../runtime.js';

/**
 * The memory BAR of QEMU's `pci-testdev`, which `samples/rust/rust_driver_pci.rs`
 * drives: selecting test N through TEST and writing DATA at OFFSET bumps COUNT.
 */
export function pciTestdev(): RegisterModel {
  const TEST = 0x0;
  const OFFSET = 0x4;
  const DATA = 0x8;
  const COUNT = 0xc;
  const tests = [{ offset: 0x100, data: 0x5a }];
  let selected = 0;
  let count = 0;
  return {
    read(off, width) {
      const t = tests[selected];
      if (off === OFFSET && width === 4) return t?.offset ?? 0;
      if (off === DATA && width === 1) return t?.data ?? 0;
      if (off === COUNT && width === 4) return count;
      return 0;
    },
    write(off, width, value) {
      if (off === TEST && width === 1) selected = value;
      else if (tests[selected]?.offset === off && tests[selected]?.data === value) count++;
    },
  };
}
