// NNNN: a platform driver for a sensor hub, its interrupt and a calibration work item.
import { type Bound, type Core, Devres, irq, IoMem, module, of, platform, workqueue } from '@drvlint/kernel';
import { type Channel, SENSOR_KINDS, type SensorKind, openChannels } from './hub.js';

const NAME = 'nnnn';

class Hub {
  constructor(
    readonly io: Devres<IoMem>,
    readonly channels: Map<number, Channel>,
    readonly calibration: workqueue.WorkHandle,
    readonly line: Devres<irq.Registration>,
  ) {}

  report(): string {
    return [...this.channels.values()].map((c) => `${c.kind}=${c.average().toFixed(1)}`).join(' ');
  }
}

function makeHandler(io: Devres<IoMem>, channels: Map<number, Channel>): irq.Handler {
  return {
    handle(dev: platform.Device<Bound>): irq.Return {
      const regs = io.access(dev);
      let handled = false;
      channels.forEach((ch) => {
        ch.onIrq(regs);
        handled = true;
      });
      return handled ? irq.Return.Handled : irq.Return.None;
    },
  };
}

const OF_TABLE = of.idTable<readonly SensorKind[]>([
  [of.DeviceId.new('vendor,nnnn'), SENSOR_KINDS],
  [of.DeviceId.new('vendor,nnnn-lite'), ['temp']],
]);

const driver = platform.driver<Hub, readonly SensorKind[]>({
  name: NAME,
  ofIdTable: OF_TABLE,
  probe(pdev: platform.Device<Core>, kinds) {
    const req = pdev.ioRequestByIndex(0);
    const io = req?.iomap();
    if (!io) throw new Error('no window');
    const channels = openChannels(pdev, io.access(pdev), kinds ?? SENSOR_KINDS);
    let line: Devres<irq.Registration>;
    try {
      line = pdev.requestIrqByIndex(0, NAME, makeHandler(io, channels));
    } catch (e) {
      channels.forEach((ch) => ch.stop());
      throw e;
    }
    const calibration = workqueue.system.enqueue(() => {
      for (const ch of channels.values()) ch.samples.length = 0;
    });
    const hub = new Hub(io, channels, calibration, line);
    pdev.info(`${NAME}: ${channels.size} channels`);
    return hub;
  },
  unbind(pdev, hub) {
    hub.calibration.cancelSync();
    for (let i = 0; i < SENSOR_KINDS.length; i++) hub.channels.get(i)?.stop();
    hub.channels.forEach((ch) => ch.stop());
    pdev.info(hub.report());
  },
});

export default module({ name: NAME, authors: ['drvlint'], description: 'NNNN sensor hub', license: 'GPL v2', drivers: [driver] });
