// CI's sample of the soundness harness (`npm run soundness` runs every
// mutant): the simulated driver core is the oracle, so a fault it catches
// and drvlint misses fails the build, unless it is a documented limit.
import { describe, expect, it } from 'vitest';
import { allowed, allowlist } from './allowlist.js';
import { type SoundnessRun, runSoundness } from './harness.js';
import { operators } from './operators.js';

describe('soundness against the simulated driver core', () => {
  let run: SoundnessRun;

  it('runs a fixed sample: every operator, one site in three per driver group', { timeout: 300_000 }, () => {
    run = runSoundness({ sample: 3 });
    expect(new Set(run.outcomes.map((o) => o.mutant.operator))).toEqual(new Set(operators.map((o) => o.id)));
  });

  it('starts from clean drivers: neither the core nor drvlint reports anything', () => {
    for (const b of run.baseline) {
      expect(b.runtime.violations, b.group).toEqual([]);
      expect(
        b.static.findings.map((f) => f.message),
        b.group,
      ).toEqual([]);
    }
  });

  it('makes mutants that type-check, and drvlint looks at each without an internal error', () => {
    expect(run.outcomes.filter((o) => o.static.typeErrors.length > 0).map((o) => `${o.mutant.id}: ${o.static.typeErrors[0]}`)).toEqual([]);
    expect(run.outcomes.filter((o) => o.static.internalErrors.length > 0 || o.static.blind).map((o) => o.mutant.id)).toEqual([]);
  });

  it('has no runtime-only mutant outside the allowlist', () => {
    const gaps = run.outcomes.filter((o) => o.verdict === 'runtime-only' && !allowed(o.mutant.id));
    expect(gaps.map((o) => `${o.mutant.id}: core saw ${o.runtime.violations.map((v) => v.kind).join(', ')}`)).toEqual([]);
  });

  it('can fail: the core catches a fault of every class in the sample, so a rule that went quiet would show', () => {
    const caught = new Set(run.outcomes.filter((o) => o.verdict === 'both').map((o) => o.mutant.fault));
    expect(caught).toEqual(new Set(operators.map((o) => o.fault)));
  });

  it('keeps the allowlist short, with a reason and an example for each entry', () => {
    expect(allowlist.length).toBeLessThanOrEqual(5);
    for (const a of allowlist) {
      expect(a.reason.length).toBeGreaterThan(20);
      expect(a.example.length).toBeGreaterThan(0);
    }
  });
});
