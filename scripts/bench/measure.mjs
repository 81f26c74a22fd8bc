// Run a Node program in this process and, when it exits, write what the
// process cost: CPU seconds (user + system) and peak RSS. The benchmark runs
// every tool through this, so tsc, drvlint and ESLint are measured the same
// way, whole processes from Node's start to exit, without GNU time.
//
//   node measure.mjs <out.json> <entry.js> [args...]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(entry), ...args];
process.on('exit', (code) => {
  const u = process.resourceUsage();
  writeFileSync(out, JSON.stringify({ code, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMiB: u.maxRSS / 1024 }));
});
await import(pathToFileURL(path.resolve(entry)).href);
