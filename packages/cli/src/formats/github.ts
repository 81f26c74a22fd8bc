// GitHub Actions workflow commands: one annotation per finding.
import path from 'node:path';
import type { FileResult } from '../results.js';

const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(results: readonly FileResult[], root: string): string {
  const lines: string[] = [];
  for (const r of results) {
    const file = path.relative(root, r.filePath).split(path.sep).join('/');
    for (const m of r.messages) {
      const level = m.severity === 2 ? 'error' : 'warning';
      const title = m.ruleId ?? 'drvlint';
      lines.push(
        `::${level} file=${prop(file)},line=${m.line},col=${m.column},endLine=${m.endLine},endColumn=${m.endColumn},title=${prop(title)}::${data(m.message)}`,
      );
    }
  }
  return lines.join('\n');
}
