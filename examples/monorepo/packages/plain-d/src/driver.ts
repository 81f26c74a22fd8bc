import { type Core, module, pci } from '@drvlint/kernel';

const driver = pci.driver({
  name: 'plain_d',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x33), 0]]),
  probe(pdev: pci.Device<Core>) {
    pdev.enableDeviceMem();
    return {};
  },
  unbind(pdev) {
    pdev.disableDevice();
  },
});

export default module({ name: 'plain_d', authors: [], description: 'a plain driver', license: 'GPL', drivers: [driver] });
