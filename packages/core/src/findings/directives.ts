// Suppression comments, parsed once per file and applied the same way by
// every front end:
//   // drvlint-disable-next-line <rule>[, <rule>] -- <reason>
//   /* drvlint-disable <rule>[, <rule>] -- <reason> */ … /* drvlint-enable [<rule>] */
// and ESLint's own comments where they name drvlint's rules (or no rule at
// all), `// eslint-disable-next-line drvlint/no-escape -- reason`, so that a
// finding ESLint silences is silenced in the CLI and the editor too. ESLint
// judges its own comments (unused ones, reasons); drvlint judges only its own.
import type { Finding } from '../report/finding.js';
import type { TS, TypeScript } from '../ts.js';

export interface Directive {
  readonly kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable';
  /** Whose comment it is: drvlint's, or ESLint's naming drvlint's rules. */
  readonly source: 'drvlint' | 'eslint';
  /** Rule ids without the `drvlint/` prefix; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** The comment's text range. */
  readonly start: number;
  readonly end: number;
  /** 0-based line of the comment. */
  readonly line: number;
}

const PATTERN = /^(?:\/\/|\/\*)\s*(drvlint|eslint)-(disable-next-line|disable-line|disable|enable)\b([^]*?)(?:\*\/)?$/;

export function parseDirectives(ts: TypeScript, file: TS.SourceFile): Directive[] {
  const out: Directive[] = [];
  if (!file.text.includes('drvlint-') && !file.text.includes('eslint-')) return out;
  const scanner = ts.createScanner(file.languageVersion, false, file.languageVariant, file.text);
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t !== ts.SyntaxKind.SingleLineCommentTrivia && t !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const text = scanner.getTokenText();
    const m = PATTERN.exec(text.trim());
    // drvlint has no disable-line of its own.
    if (!m || (m[1] === 'drvlint' && m[2] === 'disable-line')) continue;
    const source = m[1] as Directive['source'];
    const [body = '', reason] = (m[3] ?? '').split(/\s--\s?/, 2).map((s) => s.trim());
    const named = body.split(/[\s,]+/).filter((r) => r.length > 0);
    // ESLint's comment is drvlint's business only for drvlint's rules, or for every rule.
    const ours = source === 'eslint' ? named.filter((r) => r.startsWith('drvlint/')) : named;
    if (source === 'eslint' && named.length > 0 && ours.length === 0) continue;
    const rules = ours.map((r) => r.replace(/^drvlint\//, ''));
    const start = scanner.getTokenStart();
    out.push({
      source,
      kind: m[2] as Directive['kind'],
      rules,
      reason: reason || undefined,
      start,
      end: start + text.length,
      line: file.getLineAndCharacterOfPosition(start).line,
    });
  }
  return out;
}

function names(d: Directive, ruleId: string): boolean {
  return d.rules.length === 0 || d.rules.includes(ruleId);
}

/** Which directive, if any, silences a finding. */
export function suppressing(
  file: TS.SourceFile,
  directives: readonly Directive[],
  f: Pick<Finding, 'ruleId' | 'start'>,
): Directive | undefined {
  const line = file.getLineAndCharacterOfPosition(f.start).line;
  for (const d of directives) {
    if (d.kind === 'disable-next-line' && d.line === line - 1 && names(d, f.ruleId)) return d;
    if (d.kind === 'disable-line' && d.line === line && names(d, f.ruleId)) return d;
  }
  let open: Directive | undefined;
  for (const d of directives) {
    if (d.start > f.start) break;
    if (d.kind === 'disable' && names(d, f.ruleId)) open = d;
    else if (d.kind === 'enable' && open?.source === d.source && (d.rules.length === 0 || d.rules.includes(f.ruleId))) open = undefined;
  }
  return open;
}

/** What is wrong with a directive: it names no rule that exists, gives no reason, or silences nothing. */
export interface DirectiveProblem {
  readonly kind: 'unknown-rule' | 'no-reason' | 'unused';
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface DirectiveOptions {
  /** A disable comment must give a reason after `--` (default true). */
  readonly requireReason: boolean;
  /** Report disable comments that silence nothing (default true). */
  readonly reportUnused: boolean;
}

/**
 * The problems of a file's directives, given which of them silenced a
 * finding and which rule ids exist. Every front end reports these the same.
 */
export function directiveProblems(
  directives: readonly Directive[],
  used: ReadonlySet<Directive>,
  isKnownRule: (id: string) => boolean,
  options: DirectiveOptions,
): DirectiveProblem[] {
  const out: DirectiveProblem[] = [];
  for (const d of directives) {
    // ESLint reports the problems of its own comments.
    if (d.source === 'eslint') continue;
    const at = { start: d.start, end: d.end };
    const unknown = d.rules.filter((r) => !isKnownRule(r));
    if (unknown.length > 0)
      out.push({
        ...at,
        kind: 'unknown-rule',
        message: `drvlint-${d.kind} names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}`,
      });
    if (d.kind !== 'enable' && options.requireReason && !d.reason)
      out.push({ ...at, kind: 'no-reason', message: `drvlint-${d.kind} needs a reason: add \`-- <why this is safe>\`` });
    if (d.kind !== 'enable' && !used.has(d) && options.reportUnused && unknown.length === 0) {
      out.push({
        ...at,
        kind: 'unused',
        message: `Unused drvlint-${d.kind} directive (no ${d.rules.length > 0 ? d.rules.join(', ') : 'drvlint'} finding here to silence)`,
      });
    }
  }
  return out;
}
