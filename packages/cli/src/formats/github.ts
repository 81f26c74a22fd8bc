// GitHub Actions: the normal report for the log, one workflow-command
// annotation per finding (GitHub shows at most 10 of each kind per step, so
// the report is where the rest are), and, when GITHUB_STEP_SUMMARY names a
// file, a job summary in Markdown with every finding.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { counts } from '../check.js';
import type { FileResult } from '../results.js';
import { formatStylish } from './stylish.js';

const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The annotations alone, one line per finding. */
export function githubAnnotations(results: readonly FileResult[], root: string): string {
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

/** The `github` format: annotations, then the stylish report (for the step's log). */
export function formatGithub(results: readonly FileResult[], root: string, cwd: string): string {
  const annotations = githubAnnotations(results, root);
  const report = formatStylish(results, cwd, false);
  return [annotations, report].filter((s) => s !== '').join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The job summary: counts, and a table of every finding with its place and rule. */
export function githubSummary(results: readonly FileResult[], root: string): string {
  const c = counts(results);
  const rows = results.flatMap((r) => {
    const file = path.relative(root, r.filePath).split(path.sep).join('/');
    return r.messages.map(
      (m) =>
        `| ${m.severity === 2 ? 'error' : 'warning'} | \`${cell(file)}:${m.line}:${m.column}\` | ${m.ruleId ? `\`${m.ruleId}\`` : ''} | ${cell(m.message)} |`,
    );
  });
  const head = `## drvlint\n\n${
    rows.length === 0
      ? 'No problems.'
      : `${rows.length} problem${rows.length === 1 ? '' : 's'} (${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}).`
  }\n`;
  return rows.length === 0 ? head : `${head}\n| level | where | rule | message |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

/** Appends the job summary to the file GitHub names in GITHUB_STEP_SUMMARY; why it could not, for a warning. */
export function writeGithubSummary(results: readonly FileResult[], root: string, file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    appendFileSync(file, githubSummary(results, root));
    return undefined;
  } catch (e) {
    return `could not write the job summary to ${file}: ${(e as Error).message}`;
  }
}
