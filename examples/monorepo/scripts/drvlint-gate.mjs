// The gate after `turbo run drvlint`: each package's task writes its SARIF
// report and succeeds (--exit-zero), so that Turborepo caches it, findings
// and all, and replays it on any machine (its paths are relative); this
// fails the run when any report has an error.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

let errors = 0;
for (const pkg of readdirSync('packages')) {
  const report = `packages/${pkg}/drvlint.sarif`;
  if (!existsSync(report)) continue;
  for (const run of JSON.parse(readFileSync(report, 'utf8')).runs)
    for (const r of run.results)
      if (r.level === 'error') {
        errors++;
        const where = r.locations[0].physicalLocation;
        console.error(`${where.artifactLocation.uri}:${where.region.startLine} ${r.ruleId} ${r.message.text}`);
      }
}
if (errors > 0) console.error(`drvlint: ${errors} error${errors === 1 ? '' : 's'}`);
process.exit(errors > 0 ? 1 : 0);
