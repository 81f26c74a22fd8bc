// Where a scenario's pinned lifecycle trace lives: `<corpus>/traces/<name>.txt`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function traceFile(corpus: string, scenario: string): string {
  return path.join(root, corpus, 'traces', `${scenario.replace(/ \(.*\)$/, '').replace(/[^a-z0-9_]+/gi, '-')}.txt`);
}
