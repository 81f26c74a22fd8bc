// The legacy fixtures (fixtures/legacy, written against @drvlint/kernel/legacy
// only) run in the simulated core: each loads, binds, unbinds and unloads
// with its pinned trace and the violations it is expected to have.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelModule } from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
import { legacyScenarios } from '../../fixtures/legacy/src/scenarios.js';
import { traceFile } from '../kernel/trace-files.js';

const src = new URL('../../fixtures/legacy/src/', import.meta.url);

async function moduleOf(file: string): Promise<KernelModule> {
  return ((await import(new URL(file, src).href)) as { default: KernelModule }).default;
}

describe('legacy drivers in the simulated core', () => {
  for (const s of legacyScenarios) {
    it(`${s.name}: runs with its pinned trace and expected violations`, async () => {
      const mod = await moduleOf(s.file);
      const core = new DriverCore();
      s.run(core, mod);
      expect((await core.checkLeaks()).map((v) => v.kind)).toEqual(s.expected);
      expect(`${core.trace.join('\n')}\n`).toBe(readFileSync(traceFile('fixtures/legacy', s.name), 'utf8'));
      if (s.loadFails) expect(core.log.some((l) => / init failed: /.test(l) && s.loadFails?.test(l))).toBe(true);
      else expect(core.log.filter((l) => /failed|threw|BUG/.test(l))).toEqual([]);
    });
  }

  it('a legacy module whose raw table lost its terminator fails to load with EINVAL, as it does today', async () => {
    const mod = await moduleOf('faulty/missing-terminator.ts');
    expect(() => new DriverCore().load(mod)).toThrow(/EINVAL.*no ZERO terminator/);
  });
});
