// The NNNN controller: channel state, register access and transfer bookkeeping.
import { type Bound, errno, hrtimer, IoMem, KernelError, type RequiresTeardown, requireTeardown, platform } from '@drvlint/kernel';
import {
  ChanReg,
  CTRL_ENABLE,
  CTRL_RESET,
  Fields,
  type FieldName,
  Reg,
  STATUS_BUSY,
  STATUS_ERR,
  type Variant,
  chanOffset,
  getField,
  setField,
} from './regs.js';

export type ChannelState = 'idle' | 'busy' | 'error' | 'paused';

export interface Transfer {
  readonly src: number;
  readonly dst: number;
  readonly len: number;
  readonly done?: (ok: boolean) => void;
}

interface ChannelOps {
  configure(io: IoMem, chan: number, cfg: number): void;
  kick(io: IoMem, chan: number, t: Transfer): void;
  status(io: IoMem, chan: number): number;
}

function configurePlain(io: IoMem, chan: number, cfg: number): void {
  io.write32(cfg, chanOffset(chan, ChanReg.Cfg));
}

const plainOps: ChannelOps = {
  configure: configurePlain,
  kick(io, chan, t) {
    io.write32(t.src, chanOffset(chan, ChanReg.Src));
    io.write32(t.dst, chanOffset(chan, ChanReg.Dst));
    io.write32(t.len, chanOffset(chan, ChanReg.Len));
  },
  status(io, chan) {
    return io.read32(chanOffset(chan, ChanReg.Status));
  },
};

const prioOps: ChannelOps = {
  ...plainOps,
  configure(io, chan, cfg) {
    configurePlain(io, chan, setField(cfg, Fields.prio, chan % 4));
  },
};

export function readPoll<T>(read: () => T, done: (v: T) => boolean, tries: number): T {
  let v = read();
  for (let i = 0; i < tries && !done(v); i++) v = read();
  if (!done(v)) throw new KernelError(errno.EBUSY);
  return v;
}

export class Channel {
  state: ChannelState = 'idle';
  readonly queue: Transfer[] = [];
  completed = 0;
  errors = 0;

  constructor(
    readonly index: number,
    readonly ops: ChannelOps,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  submit(t: Transfer): void {
    if (t.len <= 0) throw new KernelError(errno.EINVAL);
    this.queue.push(t);
  }

  start(io: IoMem): boolean {
    if (this.state !== 'idle') return false;
    const next = this.queue[0];
    if (!next) return false;
    this.ops.kick(io, this.index, next);
    this.state = 'busy';
    return true;
  }

  complete(io: IoMem): void {
    const status = this.ops.status(io, this.index);
    const t = this.queue.shift();
    const ok = (status & STATUS_ERR) === 0;
    if (ok) this.completed++;
    else this.errors++;
    this.state = ok ? 'idle' : 'error';
    t?.done?.(ok);
  }
}

export class Controller implements RequiresTeardown<'shutdown'> {
  readonly channels: Channel[];
  readonly #stats = new Map<string, number>();
  readonly #watchdog: hrtimer.Handle;
  #ticks = 0;

  constructor(
    pdev: platform.Device<Bound>,
    readonly variant: Variant,
    io: IoMem,
  ) {
    const ops = variant.hasPrio ? prioOps : plainOps;
    this.channels = Array.from({ length: variant.channels }, (_, i) => new Channel(i, ops));
    this.reset(io);
    for (const ch of this.channels) ch.ops.configure(io, ch.index, this.defaultConfig());
    this.#watchdog = hrtimer
      .create(() => {
        this.#ticks++;
        return this.#ticks < 1000 ? hrtimer.Restart.Restart : hrtimer.Restart.NoRestart;
      })
      .start(50_000_000);
    requireTeardown(this, 'shutdown');
    pdev.info(`${variant.name}: ${variant.channels} channels`);
  }

  defaultConfig(): number {
    let cfg = 0;
    const entries: [FieldName, number][] = [
      ['burst', Math.min(this.variant.maxBurst, 7)],
      ['width', 2],
    ];
    for (const [name, v] of entries) cfg = setField(cfg, Fields[name], v);
    return cfg;
  }

  reset(io: IoMem): void {
    io.write32(CTRL_RESET, Reg.Ctrl);
    readPoll(
      () => io.read32(Reg.Status),
      (s) => (s & STATUS_BUSY) === 0,
      100,
    );
    io.write32(CTRL_ENABLE, Reg.Ctrl);
    io.write32(0xffff_ffff, Reg.IrqMask);
  }

  count(what: string): void {
    this.#stats.set(what, (this.#stats.get(what) ?? 0) + 1);
  }

  handleIrq(io: IoMem): boolean {
    const pending = io.read32(Reg.IrqStatus);
    if (pending === 0) return false;
    io.write32(pending, Reg.IrqStatus);
    this.channels
      .filter((ch) => (pending & (1 << ch.index)) !== 0)
      .forEach((ch) => {
        ch.complete(io);
        this.count(ch.state);
        ch.start(io);
      });
    return true;
  }

  busiest(): Channel | undefined {
    return this.channels.reduce<Channel | undefined>((best, ch) => (!best || ch.pending > best.pending ? ch : best), undefined);
  }

  summary(): string {
    const parts = [...this.#stats.entries()].map(([k, v]) => `${k}=${v}`);
    const width = getField(this.defaultConfig(), Fields.width);
    switch (width) {
      case 0:
        return `8-bit ${parts.join(' ')}`;
      case 1:
        return `16-bit ${parts.join(' ')}`;
      default:
        return `32-bit ${parts.join(' ')}`;
    }
  }

  shutdown(io: IoMem): void {
    this.#watchdog.cancel();
    io.write32(0, Reg.IrqMask);
    io.write32(0, Reg.Ctrl);
    for (const ch of this.channels) ch.queue.length = 0;
  }
}
