// The default: grouped per file, with a code frame, related locations and a summary.
import path from 'node:path';
import { styleText } from 'node:util';
import { counts } from '../check.js';
import type { FileResult } from '../results.js';

type Paint = (style: Parameters<typeof styleText>[0], s: string) => string;

function frame(source: string, line: number, column: number, endLine: number, endColumn: number, paint: Paint): string {
  const lines = source.split(/\r?\n/);
  const width = String(Math.min(lines.length, line + 1)).length;
  const out: string[] = [];
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
    const text = lines[n - 1] ?? '';
    const gutter = `${n === line ? paint('red', '>') : ' '} ${String(n).padStart(width)} |`;
    out.push(`    ${gutter} ${text}`);
    if (n === line) {
      const to = endLine === line ? Math.max(endColumn, column + 1) : text.length + 1;
      // Columns count UTF-16 units; the terminal shows code points, and a tab as a tab.
      const pad = Array.from(text.slice(0, column - 1), (ch) => (ch === '\t' ? '\t' : ' ')).join('');
      const carets = Math.max(1, Array.from(text.slice(column - 1, to - 1)).length);
      out.push(`    ${' '.repeat(width + 2)} | ${pad}${paint('red', '^'.repeat(carets))}`);
    }
  }
  return out.join('\n');
}

export function formatStylish(results: readonly FileResult[], cwd: string, color: boolean): string {
  // Whether to colour is decided once, by the flags and the environment; styleText must not decide again from stdout.
  const paint: Paint = color ? (s, t) => styleText(s, t, { validateStream: false }) : (_s, t) => t;
  const out: string[] = [];
  for (const r of results) {
    if (r.messages.length === 0) continue;
    out.push(paint('underline', path.relative(cwd, r.filePath) || r.filePath));
    for (const m of r.messages) {
      const level = m.severity === 2 ? paint('red', 'error') : paint('yellow', 'warning');
      out.push(`  ${m.line}:${m.column}  ${level}  ${m.message}  ${paint('dim', m.ruleId ?? '')}`);
      out.push(frame(r.source, m.line, m.column, m.endLine, m.endColumn, paint));
      for (const rel of m.related)
        out.push(`    ${paint('dim', `related: ${path.relative(cwd, rel.file)}:${rel.line}:${rel.column}`)} ${rel.message}`);
    }
    out.push('');
  }
  const c = counts(results);
  const total = c.errors + c.warnings;
  if (total === 0) return '';
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(
    paint(
      c.errors > 0 ? 'red' : 'yellow',
      `✖ ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')})`,
    ),
  );
  if (c.fixableErrors + c.fixableWarnings > 0) {
    out.push(
      `  ${plural(c.fixableErrors, 'error')} and ${plural(c.fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`,
    );
  }
  return `${out.join('\n')}\n`;
}
