// Real projects on disk for the CLI: a temporary directory inside the
// workspace (so @drvlint/kernel resolves), removed after the suite.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@drvlint/cli';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022', 'esnext.disposable'],
    types: [],
    noEmit: true,
  },
  include: ['src/**/*.ts'],
};

export function tempRoot(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(root, `test/.tmp-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write `files` (relative paths) under `dir`, with a tsconfig unless one is given. */
export function project(dir: string, files: Record<string, string>, tsconfig: unknown = TSCONFIG): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  if (tsconfig !== null) writeFileSync(path.join(dir, 'tsconfig.json'), typeof tsconfig === 'string' ? tsconfig : JSON.stringify(tsconfig));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every file under `dir`, by its path relative to `dir`, with its text. */
export function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in this process, exactly as bin/drvlint.js calls it. */
export async function drvlint(cwd: string, ...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/** The CLI's findings on a project, as `file:line:column ruleId` keys (sorted), and the files it checked. */
export async function cliFindings(dir: string): Promise<{ files: string[]; keys: string[] }> {
  const { stdout } = await drvlint(dir, 'check', '-f', 'json');
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
  return {
    files: results.map((r) => r.filePath),
    keys: results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`)).sort(),
  };
}

export const DRIVER_HEAD = `import { pci, module, hrtimer, type Core } from '@drvlint/kernel';\n`;

/** A driver with one no-escape error (line 6) and one devres-access warning (line 9). */
export const FAULTY = `${DRIVER_HEAD}let last: pci.Device | undefined;
const driver = pci.driver({
  name: 'x',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),
  probe(pdev: pci.Device<Core>) { last = pdev.ref(); return { bar: pdev.iomapRegion(0, 'x') }; },
  unbind(pdev, self) {
    pdev.info('bye');
    self.bar.tryAccess()?.write32(0, 0);
  },
});
export default module({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;

export const CLEAN = `${DRIVER_HEAD}const driver = pci.driver({
  name: 'y',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 6), 0]]),
  probe(pdev: pci.Device<Core>) {
    const t = hrtimer.create(() => hrtimer.Restart.NoRestart).start(10);
    return { dev: pdev.ref(), t };
  },
  unbind(_pdev, self) {
    self.t.cancel();
  },
});
export default module({ name: 'y', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;
