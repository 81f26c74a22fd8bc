// The lifecycle traces of the current sample drivers, pinned: a change to a
// driver or to the core that changes what the device sees shows up here.
// Each pinned file was read against its driver's source when it was written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DriverCore } from '@drvlint/kernel/testing';
import { cleanScenarios } from '../../fixtures/drivers/src/scenarios.js';
import { traceFile } from './trace-files.js';

describe('lifecycle traces of the current sample drivers', () => {
  for (const s of cleanScenarios) {
    it(`${s.name}: as pinned`, () => {
      const core = new DriverCore();
      s.run(core);
      expect(`${core.trace.join('\n')}\n`).toBe(readFileSync(traceFile('fixtures/drivers', s.name), 'utf8'));
    });
  }

  it('is stable: two runs of one scenario in two cores compare equal', () => {
    const runs = [new DriverCore(), new DriverCore()].map((core) => {
      cleanScenarios.find((s) => s.name === 'rust_driver_pci')?.run(core);
      return core.trace;
    });
    expect(runs[0]?.length).toBeGreaterThan(10);
    expect(runs[0]).toEqual(runs[1]);
  });
});
