// Run a Node program in this process and, when it exits, write what the
// process cost: CPU seconds (user + system), those of its main thread, and
// peak RSS. The benchmark runs
// every tool through this, so tsc, drvlint and ESLint are measured the same
// way, whole processes from Node's start to exit, without GNU time.
//
//   node measure.mjs <out.json> <entry.js> [args...]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(entry), ...args];
process.on('exit', (code) => {
  const u = process.resourceUsage();
  writeFileSync(
    out,
    JSON.stringify({ code, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, mainCpu: mainThreadCpu(), rssMiB: u.maxRSS / 1024 }),
  );
});

/**
 * CPU seconds of the main thread alone, from Linux's per-thread counters (in
 * clock ticks, CLK_TCK given by the caller); the rest of the process's CPU is
 * V8's background threads: the optimizing compiler and the concurrent GC.
 * Undefined where /proc is not there.
 */
function mainThreadCpu() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / Number(process.env.CLK_TCK || 100);
  } catch {
    return undefined;
  }
}
await import(pathToFileURL(path.resolve(entry)).href);
