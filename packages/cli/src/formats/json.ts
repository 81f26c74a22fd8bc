// ESLint's JSON formatter shape, so tools that read ESLint results read these.
import { type FileResult, counts } from '../check.js';

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
          ...(m.fix ? { fix: toEslintFix(m.fix) } : {}),
          ...(m.suggestions ? { suggestions: m.suggestions.map((s) => ({ desc: s.desc, fix: toEslintFix(s.fix) })) } : {}),
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

/** ESLint's fix is one range and one text; several edits become one covering replacement. */
function toEslintFix(edits: readonly { start: number; end: number; text: string }[]): { range: [number, number]; text: string } | undefined {
  if (edits.length === 1) {
    const e = edits[0] as { start: number; end: number; text: string };
    return { range: [e.start, e.end], text: e.text };
  }
  return undefined;
}
