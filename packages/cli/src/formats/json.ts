// ESLint's JSON formatter shape, so tools that read ESLint results read these.
import { counts } from '../check.js';
import type { FileResult } from '../results.js';

export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map((r) => {
      const c = counts([r]);
      return {
        filePath: r.filePath,
        messages: r.messages.map((m) => ({
          ruleId: m.ruleId,
          severity: m.severity,
          ...(m.fatal ? { fatal: true } : {}),
          message: m.message,
          line: m.line,
          column: m.column,
          endLine: m.endLine,
          endColumn: m.endColumn,
          ...(m.fix ? { fix: toEslintFix(r.source, m.fix) } : {}),
          ...(m.suggestions ? { suggestions: m.suggestions.map((s) => ({ desc: s.desc, fix: toEslintFix(r.source, s.fix) })) } : {}),
        })),
        suppressedMessages: [],
        errorCount: c.errors,
        fatalErrorCount: r.messages.filter((m) => m.fatal).length,
        warningCount: c.warnings,
        fixableErrorCount: c.fixableErrors,
        fixableWarningCount: c.fixableWarnings,
        usedDeprecatedRules: [],
      };
    }),
  );
}

/**
 * ESLint's fix is one range and one text: several edits become one
 * replacement covering them all, with the text between them kept, as
 * ESLint's own fixer merges a rule's fixes.
 */
function toEslintFix(
  source: string,
  edits: readonly { start: number; end: number; text: string }[],
): { range: [number, number]; text: string } | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const first = sorted[0];
  if (!first) return undefined;
  let text = '';
  let at = first.start;
  for (const e of sorted) {
    if (e.start < at) return undefined; // overlapping edits have no single meaning
    text += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { range: [first.start, at], text };
}
