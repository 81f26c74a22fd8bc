import { type Core, hrtimer, module, pci } from '@drvlint/kernel';
import { quiesce } from '@drivers/helpers';

const driver = pci.driver({
  name: 'timer_a',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x30), 0]]),
  probe(_pdev: pci.Device<Core>) {
    return { timer: hrtimer.create(() => hrtimer.Restart.NoRestart).start(1_000_000) };
  },
  unbind(_pdev, self) {
    quiesce(self.timer);
  },
});

export default module({ name: 'timer_a', authors: [], description: 'a timer driver', license: 'GPL', drivers: [driver] });
