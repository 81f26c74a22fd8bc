// CI's sample of the generated fault programs (`npm run soundness -- --generated N`
// runs more): a fixed seed, so a failure reproduces, and fast-check shrinks it
// to the smallest program that still fails.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GeneratedOracle, type Judged, isControl, nameOf, problemsOf, programs } from './generated.js';

const SEED = 20_261_207;
const RUNS = 150;

describe('generated fault programs against the simulated driver core', () => {
  const oracle = new GeneratedOracle();
  let sample: Judged[] = [];

  it('every fault the core catches, drvlint catches, and harmless programs stay quiet', { timeout: 300_000 }, () => {
    // Judged in one batch first (one process for the core); fast-check then meets them in the same order.
    sample = oracle.judge(fc.sample(programs, { seed: SEED, numRuns: RUNS }));
    fc.assert(
      fc.property(programs, (p) => {
        const [judged] = oracle.judge([p]);
        expect(judged && problemsOf(judged), nameOf(p)).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('can fail: the sample holds faults the core catches, and controls', () => {
    const caught = sample.filter((j) => j.runtime.violations.length > 0);
    expect(caught.length).toBeGreaterThan(RUNS / 10);
    expect(new Set(caught.flatMap((j) => j.runtime.violations.map((v) => v.kind)))).toEqual(
      new Set(['leak', 'stale-view', 'missed-teardown']),
    );
    expect(sample.filter((j) => isControl(j.program)).length).toBeGreaterThan(RUNS / 10);
  });
});
