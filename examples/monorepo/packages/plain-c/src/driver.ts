import { type Core, module, pci } from '@drvlint/kernel';

const driver = pci.driver({
  name: 'plain_c',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x32), 0]]),
  probe(pdev: pci.Device<Core>) {
    pdev.enableDeviceMem();
    return {};
  },
  unbind(pdev) {
    pdev.disableDevice();
  },
});

export default module({ name: 'plain_c', authors: [], description: 'a plain driver', license: 'GPL', drivers: [driver] });
