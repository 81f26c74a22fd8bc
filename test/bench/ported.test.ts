// The ported-shape corpus (scripts/bench/ported.mjs) is measured as clean
// drivers: it must type-check, run in the simulated driver core without a
// fault, and leave drvlint silent.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { KernelModule } from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
// @ts-expect-error: a plain ES module script, without typings.
import { writePorted } from '../../scripts/bench/ported.mjs';
import { drvlint, tempRoot } from '../cli/helpers.js';

const tmp = tempRoot('ported');
afterAll(() => tmp.cleanup());

describe('the ported-shape corpus', () => {
  const dir = path.join(tmp.dir, 'corpus');
  (writePorted as (dir: string, drivers: number) => void)(dir, 4);

  it('type-checks with no errors', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(dir, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    const program = ts.createProgram(config!.fileNames, config!.options);
    expect(config!.fileNames.length).toBe(10);
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))).toEqual([]);
  });

  it('runs in the simulated driver core without a fault: probe, timers, an interrupt, work, unbind', async () => {
    for (const id of ['p0000', 'p0001']) {
      // Transpiled next to a package.json that makes them ES modules, importing the kernel from the repository.
      const out = path.join(tmp.dir, 'run', id);
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(tmp.dir, 'run', 'package.json'), '{ "type": "module" }');
      for (const f of readdirSync(path.join(dir, 'src', id))) {
        const js = ts.transpileModule(readFileSync(path.join(dir, 'src', id, f), 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText;
        writeFileSync(path.join(out, f.replace(/\.ts$/, '.js')), js);
      }
      const mod = ((await import(pathToFileURL(path.join(out, 'driver.js')).href)) as { default: KernelModule }).default;
      const core = new DriverCore({ log: () => {} });
      core.load(mod);
      const compatible = id === 'p0000' ? `vendor,${id}-v1` : `vendor,${id}`;
      const dev = core.platform.addDevice({
        name: `${id}.0`,
        compatible: [compatible],
        resources: [{ size: 4096, model: { read: () => 0, write: () => undefined } }],
        irqs: [7],
      });
      expect(core.boundDriver(dev), id).toBe(id);
      core.advance(5_000_000);
      core.raiseIrq(dev, 7);
      core.runWork();
      core.removeDevice(dev);
      core.unload(mod);
      expect(await core.checkLeaks(), id).toEqual([]);
    }
  });

  it('leaves drvlint silent', async () => {
    const run = await drvlint(dir, 'check', '-f', 'json');
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { messages: unknown[] }[];
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  });
});
