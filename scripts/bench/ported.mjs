// A corpus of hand-written drivers shaped like ports of real ones (a DMA
// controller with an ops table, register helpers, polling and a watchdog;
// a sensor hub with channels in a Map, an IRQ handler object, a work item
// and error-path unwinding), copied N times under distinct names. The
// generated mixes (corpus.mjs) vary call shapes one dial at a time; these
// mix them the way written drivers do, and cost more to analyse per line.
// Clean: the simulated core runs them without a fault, and drvlint stays
// quiet (test/bench/ported.test.ts).
//
//   node scripts/bench/ported.mjs <dir> <drivers>
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATES = ['dma', 'hub'];

/** Writes `drivers` drivers (alternating templates) under `dir`/src, with a tsconfig and package.json. */
export function writePorted(dir, drivers) {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'drvlint-bench-ported', private: true, type: 'module' }, null, 2)}\n`,
  );
  cpSync(path.join(here, 'ported', 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  for (let i = 0; i < drivers; i++) {
    const template = TEMPLATES[i % TEMPLATES.length];
    const id = `p${String(i).padStart(4, '0')}`;
    const from = path.join(here, 'ported', template);
    mkdirSync(path.join(dir, 'src', id), { recursive: true });
    for (const f of readdirSync(from)) {
      const text = readFileSync(path.join(from, f), 'utf8').replaceAll('NNNN', id.toUpperCase()).replaceAll('nnnn', id);
      writeFileSync(path.join(dir, 'src', id, f), text);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) throw new Error('usage: node scripts/bench/ported.mjs <dir> <drivers>');
  writePorted(path.resolve(dir), Number(n));
}
