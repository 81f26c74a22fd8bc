/** Kernel error numbers (positive, as in `include/uapi/asm-generic/errno-base.h`). */
export const errno = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENOMEM: 12,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
} as const;

export type Errno = (typeof errno)[keyof typeof errno];

const names = new Map<number, string>(Object.entries(errno).map(([k, v]) => [v, k]));

export function errnoName(e: Errno): string {
  return names.get(e) ?? `errno ${e}`;
}

/** The error a driver throws to fail `probe`, and that the kernel API throws on misuse. */
export class KernelError extends Error {
  readonly errno: Errno;
  constructor(e: Errno, message?: string) {
    super(message === undefined ? errnoName(e) : `${errnoName(e)}: ${message}`);
    this.name = 'KernelError';
    this.errno = e;
  }
}
