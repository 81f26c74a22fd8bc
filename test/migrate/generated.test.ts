// drvlint migrate on generated legacy drivers (see legacy-grammar.ts), held
// to the contract by legacy-harness.ts, with a fixed seed so that a failure
// reproduces. CI runs a sample and stops at the first failing batch;
// `npm run migrate:generated -- N [SEED]` runs N batches and lets fast-check
// shrink a failure to the smallest batch of the simplest drivers.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tempRoot } from '../cli/helpers.js';
import { legacySpec } from './legacy-grammar.js';
import { checkBatch } from './legacy-harness.js';

const SEED = Number(process.env.SEED ?? 20_261_207);
const RUNS = Number(process.env.MIGRATE_GENERATED_RUNS ?? 12);
const BATCH = 16;

const tmp = tempRoot('migrate-generated');
afterAll(tmp.cleanup);
let n = 0;

describe('drvlint migrate on generated legacy drivers', () => {
  it(`migrates ${RUNS} batches of up to ${BATCH} drivers: type-checks, lint-clean, same trace, idempotent`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(legacySpec, { minLength: 1, maxLength: BATCH }), async (specs) => {
        const problems = await checkBatch(path.join(tmp.dir, `b${n++}`), specs);
        // PROBLEMS_FILE keeps the full report of a failing batch, which can be long.
        if (problems.length > 0 && process.env.PROBLEMS_FILE)
          appendFileSync(process.env.PROBLEMS_FILE, `${problems.join('\n\n')}\n=====\n`);
        expect(problems).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: process.env.SHRINK === undefined },
    );
  }, 600_000);
});
