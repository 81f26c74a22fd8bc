// A sensor hub: channels that sample on a timer, read through a mapped window.
import { type Bound, errno, hrtimer, IoMem, KernelError, type RequiresTeardown, requireTeardown, platform } from '@drvlint/kernel';

export const SENSOR_KINDS = ['temp', 'volt', 'curr'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

const REG_CTRL = 0x00;
const REG_DATA = 0x10;
const STRIDE = 0x20;

export interface Sample {
  readonly kind: SensorKind;
  readonly value: number;
}

function regOf(index: number, reg: number): number {
  return index * STRIDE + reg;
}

export function poll<T>(read: () => T, ok: (v: T) => boolean, tries = 10): T {
  for (let i = 0; i < tries; i++) {
    const v = read();
    if (ok(v)) return v;
  }
  throw new KernelError(errno.EBUSY);
}

export class Channel implements RequiresTeardown<'stop'> {
  readonly samples: Sample[] = [];
  readonly #timer: hrtimer.Handle;
  #last = 0;

  constructor(
    readonly index: number,
    readonly kind: SensorKind,
    io: IoMem,
  ) {
    io.write32(1, regOf(index, REG_CTRL));
    this.#timer = hrtimer
      .create(() => {
        this.#last++;
        return this.#last < 100 ? hrtimer.Restart.Restart : hrtimer.Restart.NoRestart;
      })
      .start(1_000_000);
    requireTeardown(this, 'stop');
  }

  onIrq(io: IoMem): void {
    const value = io.read32(regOf(this.index, REG_DATA));
    this.samples.push({ kind: this.kind, value });
    if (this.samples.length > 64) this.samples.shift();
  }

  average(): number {
    return this.samples.length === 0 ? 0 : this.samples.reduce((a, s) => a + s.value, 0) / this.samples.length;
  }

  stop(): void {
    this.#timer.cancel();
  }
}

export function openChannels(pdev: platform.Device<Bound>, io: IoMem, kinds: readonly SensorKind[]): Map<number, Channel> {
  const channels = new Map<number, Channel>();
  try {
    kinds.forEach((kind, i) => {
      poll(
        () => io.read32(regOf(i, REG_CTRL)),
        (v) => v !== 0xffff_ffff,
      );
      channels.set(i, new Channel(i, kind, io));
    });
  } catch (e) {
    for (const [, ch] of channels) ch.stop();
    pdev.err('sensor hub: a channel did not come up');
    throw e;
  }
  return channels;
}
