// Register map of the NNNN DMA controller, as a port of a C driver's header would give it.
export enum Reg {
  Ctrl = 0x00,
  Status = 0x04,
  IrqMask = 0x08,
  IrqStatus = 0x0c,
  ChanBase = 0x100,
  ChanStride = 0x40,
}

export enum ChanReg {
  Cfg = 0x00,
  Src = 0x04,
  Dst = 0x08,
  Len = 0x0c,
  Status = 0x10,
}

export const CTRL_ENABLE = 1 << 0;
export const CTRL_RESET = 1 << 1;
export const STATUS_BUSY = 1 << 0;
export const STATUS_ERR = 1 << 4;

export interface Field {
  readonly shift: number;
  readonly width: number;
}

export const Fields = {
  burst: { shift: 4, width: 3 },
  prio: { shift: 8, width: 2 },
  width: { shift: 12, width: 2 },
} as const satisfies Record<string, Field>;

export type FieldName = keyof typeof Fields;

export function mask(f: Field): number {
  return ((1 << f.width) - 1) << f.shift;
}

export function getField(value: number, f: Field): number {
  return (value & mask(f)) >>> f.shift;
}

export function setField(value: number, f: Field, v: number): number {
  return (value & ~mask(f)) | ((v << f.shift) & mask(f));
}

export function chanOffset(chan: number, reg: ChanReg): number {
  return Reg.ChanBase + chan * Reg.ChanStride + reg;
}

export interface Variant {
  readonly name: string;
  readonly channels: number;
  readonly maxBurst: number;
  readonly hasPrio: boolean;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'nnnn-v1', channels: 4, maxBurst: 8, hasPrio: false },
  { name: 'nnnn-v2', channels: 8, maxBurst: 16, hasPrio: true },
  { name: 'nnnn-lite', channels: 2, maxBurst: 4, hasPrio: false },
];

export function variantByName(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}
