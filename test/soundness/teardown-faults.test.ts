// Every teardown fault of the generated grammar, in every place it can be
// written, against the simulated driver core: the grammar is small enough to
// judge whole, so no class waits for the sample to draw it.
import { describe, expect, it } from 'vitest';
import { GeneratedOracle, type Program, TEARDOWN_FAULTS, TEARDOWN_PLACES, isControl, nameOf, problemsOf } from './generated.js';

describe('every teardown fault, in every place', () => {
  const all: Program[] = Object.keys(TEARDOWN_FAULTS).flatMap((fault) =>
    TEARDOWN_PLACES.map((place) => ({ kind: 'teardown', fault, place }) as Program),
  );

  it('drvlint reports each one the core catches, and stays quiet on the controls', { timeout: 300_000 }, () => {
    const judged = new GeneratedOracle().judge(all);
    expect(judged.flatMap((j) => problemsOf(j))).toEqual([]);
    // It can fail: the core catches every fault that is not a control.
    expect(judged.filter((j) => !isControl(j.program) && j.runtime.violations.length === 0).map((j) => nameOf(j.program))).toEqual([]);
  });
});
