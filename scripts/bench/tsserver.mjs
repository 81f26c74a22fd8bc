// A real tsserver over its stdio protocol, and the edit loop that measures
// what the drvlint plugin adds to semantic diagnostics: shared by
// `npm run bench:tsserver` and `npm run bench`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const tsserver = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'lib/tsserver.js');

/** A driver of about 500 lines: helpers, a Self class with resources, probe, unbind, an IRQ handler. */
export function driver() {
  const lines = [`import { pci, module, hrtimer, Devres, irq, type Core, type Bound } from '@drvlint/kernel';`, ''];
  for (let i = 0; i < 40; i++) {
    lines.push(
      `function reg${i}(bar: pci.Bar, value: number): number {`,
      `  const before = bar.read32(${i * 4});`,
      `  bar.write32(value + ${i}, ${i * 4});`,
      `  if (before === value) return 0;`,
      `  return bar.read32(${i * 4}) - before;`,
      `}`,
      '',
    );
  }
  // One deliberate finding, so the run shows the plugin is really there.
  lines.push('let lastDevice: pci.Device | undefined;', '');
  lines.push(
    'class Self implements Disposable {',
    '  constructor(',
    '    readonly pdev: pci.Device,',
    '    readonly bar: Devres<pci.Bar>,',
    '    readonly timer: hrtimer.Handle,',
    '  ) {}',
  );
  lines.push('  [Symbol.dispose](): void {', '    this.timer.cancel();', '  }', '}', '');
  lines.push('function setup(pdev: pci.Device<Bound>, bar: pci.Bar): number {', '  let total = 0;');
  for (let i = 0; i < 40; i++) lines.push(`  total += reg${i}(bar, ${i});`);
  lines.push('  pdev.info(`setup ${total}`);', '  return total;', '}', '');
  lines.push(
    'const driver = pci.driver({',
    "  name: 'bench',",
    '  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 0x5), 0]]),',
    '  probe(pdev: pci.Device<Core>, info: number): Self {',
  );
  lines.push(
    '    pdev.enableDeviceMem();',
    "    const bar = pdev.iomapRegionSized(0, 4096, 'bench');",
    '    setup(pdev, bar.access(pdev));',
    '    const timer = hrtimer.create(() => hrtimer.Restart.NoRestart).start(1000 + info);',
  );
  lines.push(
    "    const r = pdev.requestIrq(0, 'bench', { handle: (dev) => (bar.access(dev).write32(1, 0), irq.Return.Handled) });",
    '    void r;',
    '    lastDevice = pdev.ref();',
    '    return new Self(pdev.ref(), bar, timer);',
    '  },',
  );
  lines.push('  unbind(pdev, self) {', '    self.bar.access(pdev).write32(0, 0);', '    pdev.disableDevice();', '  },', '});', '');
  lines.push(`export default module({ name: 'bench', authors: [], description: '', license: 'GPL', drivers: [driver] });`);
  while (lines.length < 500) lines.push(`export const pad${lines.length} = ${lines.length};`);
  return `${lines.join('\n')}\n`;
}

export class Server {
  constructor(args) {
    this.proc = spawn(process.execPath, [tsserver, '--disableAutomaticTypingAcquisition', '--suppressDiagnosticEvents', ...args], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.buf = Buffer.alloc(0);
    this.seq = 0;
    this.pending = new Map();
    this.proc.stdout.on('data', (c) => {
      this.buf = Buffer.concat([this.buf, c]);
      for (;;) {
        const h = this.buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(this.buf.subarray(0, h).toString())[1]);
        if (this.buf.length < h + 4 + len) return;
        const msg = JSON.parse(this.buf.subarray(h + 4, h + 4 + len).toString());
        this.buf = this.buf.subarray(h + 4 + len);
        if (msg.type === 'response') this.pending.get(msg.request_seq)?.(msg.body);
      }
    });
  }
  send(command, args) {
    const seq = ++this.seq;
    this.proc.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    return seq;
  }
  request(command, args) {
    return new Promise((resolve) => this.pending.set(this.send(command, args), resolve));
  }
  close() {
    this.send('exit', {});
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Warm both servers (`warmup` untimed edits each), then alternate one-line edits between them, one at a time, so each round runs alone on the machine: each server's timed and warm-up times, in ms. */
export async function measure(servers, file, firstLine, rounds, warmup = 0) {
  const times = servers.map(() => []);
  const warm = servers.map(() => []);
  const lastLine = servers.map(() => firstLine);
  for (const server of servers) {
    server.send('open', { file });
    const ds = await server.request('semanticDiagnosticsSync', { file }); // warm: program, checker, first analysis
    server.findings = ds.filter((d) => d.source === 'drvlint').length;
  }
  for (let i = -warmup; i < rounds; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const server = servers[k];
      const next = `export const pad499 = ${i};`;
      server.send('change', { file, line: 500, offset: 1, endLine: 500, endOffset: lastLine[k].length + 1, insertString: next });
      lastLine[k] = next;
      const t0 = process.hrtime.bigint();
      await server.request('semanticDiagnosticsSync', { file });
      (i >= 0 ? times : warm)[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return { timed: times, warmup: warm };
}

/**
 * Edit `file` (whose line 500 is `text`'s) `rounds` times in a tsserver with
 * the drvlint plugin (probed from `root`) and one without, alternated: the
 * median time of semantic diagnostics in each, the median of the per-round
 * differences (what the plugin adds), and how many drvlint findings
 * each showed. Throws if the plugin reported nothing: it would not be loaded.
 */
export async function pluginLatency(root, file, text, rounds, warmup = 0) {
  const plain = new Server([]);
  const withPlugin = new Server(['--globalPlugins', '@drvlint/ts-plugin', '--pluginProbeLocations', root]);
  try {
    const { timed, warmup: warm } = await measure([plain, withPlugin], file, text.split('\n')[499], rounds, warmup);
    const [a, b] = timed;
    const [wa, wb] = warm;
    if (!withPlugin.findings)
      throw new Error('the tsserver plugin reported nothing: it is not loaded, and the comparison would be meaningless');
    // Each round edits both servers back to back, so the round's difference cancels what the machine did meanwhile:
    // the median of those differences is steadier than the difference of the two medians.
    // What the warm-up edits added too, so that the cost of a cold server is shown, not hidden.
    const warmupAdded = wb.length > 0 ? median(wb.map((t, i) => t - wa[i])) : undefined;
    return {
      without: median(a),
      with: median(b),
      added: median(b.map((t, i) => t - a[i])),
      warmupAdded,
      findings: withPlugin.findings,
      plainFindings: plain.findings,
    };
  } finally {
    plain.close();
    withPlugin.close();
  }
}
