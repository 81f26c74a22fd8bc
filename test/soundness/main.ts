// `npm run soundness`: every mutant, the table, and what stops CI.
import { allowed } from './allowlist.js';
import { runSoundness, table } from './harness.js';

const started = Date.now();
const only = process.argv[2];
const run = runSoundness({ log: (l) => console.error(l), ...(only ? { only: (m) => m.id.includes(only) } : {}) });
console.log(table(run.outcomes));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const gaps = run.outcomes.filter((o) => o.verdict === 'runtime-only');
const problems = [
  ...run.baseline.filter((b) => b.runtime.violations.length > 0 || b.static.findings.length > 0).map((b) => `baseline ${b.group} is not clean`),
  ...run.outcomes.filter((o) => o.static.typeErrors.length > 0).map((o) => `${o.mutant.id} does not type-check: ${o.static.typeErrors[0]}`),
  ...run.outcomes.filter((o) => o.static.internalErrors.length > 0 || o.static.blind).map((o) => `${o.mutant.id}: ${o.static.internalErrors[0] ?? o.static.blind}`),
  ...gaps.filter((o) => !allowed(o.mutant.id)).map((o) => `runtime-only: ${o.mutant.id} (${o.runtime.violations.map((v) => v.kind).join(', ')})`),
];
console.log(`\n${run.outcomes.length} mutants in ${seconds} s; ${gaps.length} runtime-only (${gaps.filter((o) => allowed(o.mutant.id)).length} allowlisted)`);
for (const p of problems) console.log(`- ${p}`);
process.exitCode = problems.length > 0 ? 1 : 0;
