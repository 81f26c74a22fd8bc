// One run of every enabled rule over the selected files, on one program,
// with drvlint-disable comments applied; results in ESLint's shape.
import { Analysis, type Directive, type Finding, type TS, type TypeScript, directiveProblems, suppressing } from '@drvlint/core';
import type { ResultCache } from './cache.js';
import type { FileResult, Message } from './results.js';
import { type DrvlintConfig, type ResolvedRule, rules as ruleTable } from '@drvlint/rules';

export const DIRECTIVE_RULE = 'drvlint/directives';

function position(file: TS.SourceFile, pos: number): { line: number; column: number } {
  const lc = file.getLineAndCharacterOfPosition(pos);
  return { line: lc.line + 1, column: lc.character + 1 };
}

export function checkFiles(
  ts: TypeScript,
  program: TS.Program,
  files: readonly TS.SourceFile[],
  /** Each file's rules (the config's overrides that match it applied); the caller leaves ignored files out. */
  rulesOf: (fileName: string) => readonly ResolvedRule[] | undefined,
  config: DrvlintConfig,
  onFile?: (done: number) => void,
  cache?: ResultCache,
): FileResult[] {
  const analysis = Analysis.for(ts, program);
  const components = cache ? analysis.components : undefined;
  const requireReason = config.directives?.requireReason ?? true;
  const reportUnused = config.directives?.reportUnused ?? 'warn';
  const results: FileResult[] = [];
  // Findings first, every file; then their fixes are proven together (one program for the run, not one per fix); then messages.
  const pending: {
    file: TS.SourceFile;
    key: string | undefined;
    messages: Message[];
    found: { finding: Finding; severity: 1 | 2 }[];
    directives: readonly Directive[];
    used: Set<Directive>;
  }[] = [];
  files.forEach((file, i) => {
    const key = cache && components ? cache.keyOf(program, components, file) : undefined;
    const cached = key !== undefined ? cache?.get(file.fileName, key) : undefined;
    if (cached) {
      results.push({ filePath: file.fileName, source: file.text, messages: cached });
      onFile?.(i + 1);
      return;
    }
    const messages: Message[] = [];
    for (const d of program.getSyntacticDiagnostics(file)) {
      const at = position(file, d.start ?? 0);
      messages.push({
        ruleId: null,
        severity: 2,
        fatal: true,
        message: `Parsing error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        ...at,
        endLine: at.line,
        endColumn: at.column,
        related: [],
      });
    }
    const directives = analysis.directivesOf(file);
    const used = new Set<Directive>();
    const found: { finding: Finding; severity: 1 | 2 }[] = [];
    for (const rule of rulesOf(file.fileName) ?? []) {
      for (const f of analysis.findings(file, rule.definition, rule.options)) {
        const d = suppressing(file, directives, f);
        if (d) {
          used.add(d);
          continue;
        }
        found.push({ finding: f, severity: rule.severity === 'error' ? 2 : 1 });
      }
    }
    pending.push({ file, key, messages, found, directives, used });
    onFile?.(i + 1);
  });
  const proven = analysis.provenAll(pending.flatMap((p) => p.found.map((f) => f.finding)));
  let next = 0;
  for (const { file, key, messages, found, directives, used } of pending) {
    for (const { severity } of found) messages.push(toMessage(program, file, proven[next++] as Finding, severity));
    for (const p of directiveProblems(directives, used, isKnownRule, { requireReason, reportUnused: reportUnused !== 'off' })) {
      const at = position(file, p.start);
      const end = position(file, p.end);
      messages.push({
        ruleId: DIRECTIVE_RULE,
        ...at,
        endLine: end.line,
        endColumn: end.column,
        related: [],
        // One severity for every problem of a comment, as ESLint's drvlint/directives rule has one.
        severity: reportUnused === 'error' ? 2 : 1,
        message: p.message,
      });
    }
    messages.sort((a, b) => a.line - b.line || a.column - b.column);
    if (key !== undefined) cache?.set(file.fileName, key, messages);
    results.push({ filePath: file.fileName, source: file.text, messages });
  }
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/** Rules that exist but are turned off are still fine to name in a directive. */
function isKnownRule(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(ruleTable, id);
}

function toMessage(program: TS.Program, file: TS.SourceFile, f: Finding, severity: 1 | 2): Message {
  const start = position(file, f.start);
  const end = position(file, f.end);
  return {
    ruleId: `drvlint/${f.ruleId}`,
    severity,
    message: f.message,
    ...start,
    endLine: end.line,
    endColumn: end.column,
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.suggestions ? { suggestions: f.suggestions.map((s) => ({ desc: s.message, fix: s.fix })) } : {}),
    related: f.related.map((r) => {
      const rf = program.getSourceFile(r.file);
      const p = rf ? position(rf, r.start) : { line: 0, column: 0 };
      return { file: r.file, ...p, message: r.message };
    }),
  };
}

export function counts(results: readonly FileResult[]): {
  errors: number;
  warnings: number;
  fixableErrors: number;
  fixableWarnings: number;
} {
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (m.severity === 2) {
        errors++;
        if (m.fix) fixableErrors++;
      } else {
        warnings++;
        if (m.fix) fixableWarnings++;
      }
    }
  }
  return { errors, warnings, fixableErrors, fixableWarnings };
}
