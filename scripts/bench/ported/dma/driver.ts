// NNNN: a platform driver for a DMA controller, its interrupt and its deferred completion work.
import { type Core, Devres, errno, irq, IoMem, KernelError, module, of, platform, workqueue } from '@drvlint/kernel';
import { Controller, type Transfer } from './hw.js';
import { type Variant, variantByName } from './regs.js';

const MODULE_NAME = 'nnnn';

class IrqHandler implements irq.Handler {
  constructor(
    readonly ctrl: Controller,
    readonly io: Devres<IoMem>,
  ) {}

  handle(dev: platform.Device<import('@drvlint/kernel').Bound>): irq.Return {
    const io = this.io.access(dev);
    return this.ctrl.handleIrq(io) ? irq.Return.Handled : irq.Return.None;
  }
}

class DmaDriver {
  readonly work: workqueue.WorkHandle;
  constructor(
    readonly ctrl: Controller,
    readonly io: Devres<IoMem>,
    readonly irqLine: Devres<irq.Registration>,
  ) {
    this.work = workqueue.system.enqueue(() => {
      const busiest = this.ctrl.busiest();
      if (busiest) this.ctrl.count(`busiest-${busiest.index}`);
    });
  }

  submitAll(dev: platform.Device<Core>, transfers: readonly Transfer[]): number {
    const io = this.io.access(dev);
    let started = 0;
    transfers.forEach((t, i) => {
      const ch = this.ctrl.channels[i % this.ctrl.channels.length];
      ch?.submit(t);
      if (ch?.start(io)) started++;
    });
    return started;
  }
}

const OF_TABLE = of.idTable<Variant>([
  [of.DeviceId.new('vendor,nnnn-v1'), { name: 'nnnn-v1', channels: 4, maxBurst: 8, hasPrio: false }],
  [of.DeviceId.new('vendor,nnnn-v2'), { name: 'nnnn-v2', channels: 8, maxBurst: 16, hasPrio: true }],
]);

function pickVariant(info: Variant | undefined, pdev: platform.Device<Core>): Variant {
  const v = info ?? variantByName(pdev.name);
  if (!v) {
    pdev.err('unknown variant');
    throw new KernelError(errno.ENODEV);
  }
  return v;
}

const driver = platform.driver<DmaDriver, Variant>({
  name: MODULE_NAME,
  ofIdTable: OF_TABLE,
  probe(pdev, info) {
    const variant = pickVariant(info, pdev);
    const req = pdev.ioRequestByIndex(0);
    if (!req) throw new KernelError(errno.EINVAL);
    const io = req.iomap();
    const ctrl = new Controller(pdev, variant, io.access(pdev));
    let line: Devres<irq.Registration>;
    try {
      line = pdev.requestIrqByIndex(0, MODULE_NAME, new IrqHandler(ctrl, io));
    } catch (e) {
      ctrl.shutdown(io.access(pdev));
      throw e;
    }
    const drv = new DmaDriver(ctrl, io, line);
    let started = 0;
    try {
      started = drv.submitAll(pdev, [
        { src: 0x1000, dst: 0x2000, len: 64 },
        { src: 0x3000, dst: 0x4000, len: 128, done: (ok) => ctrl.count(ok ? 'selftest-ok' : 'selftest-fail') },
      ]);
    } catch (e) {
      drv.work.cancelSync();
      ctrl.shutdown(io.access(pdev));
      throw e;
    }
    pdev.info(`${MODULE_NAME}: self-test started ${started} transfers; ${ctrl.summary()}`);
    return drv;
  },
  unbind(pdev, self) {
    self.work.cancelSync();
    self.ctrl.shutdown(self.io.access(pdev));
  },
});

export default module({
  name: MODULE_NAME,
  authors: ['drvlint'],
  description: 'NNNN DMA controller',
  license: 'GPL v2',
  drivers: [driver],
});
