// Running one rule on one file: its reports become findings, with messages
// formatted from the rule's templates, duplicates dropped and positions
// sorted. A rule that throws yields one internal-error finding instead of
// taking the run down.
import { type Finding, INTERNAL_ERROR_MESSAGE, INTERNAL_ERROR_MESSAGE_ID, formatMessage, sentenceData } from '../report/finding.js';
import type { Report, RuleDefinition } from '../rule/rule.js';
import type { AnalysisView } from '../rule/view.js';
import type { TS } from '../ts.js';

export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

export function runRule(view: AnalysisView, file: TS.SourceFile, rule: RuleDefinition, options: readonly unknown[]): readonly Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const messageOf = (messageId: string, data: Readonly<Record<string, string>> | undefined) => {
    const template = rule.meta.messages[messageId] ?? messageId;
    const d = sentenceData(template, data ?? {});
    return { data: d, message: formatMessage(template, d) };
  };
  const report = (r: Report<string>): void => {
    const start = 'kind' in r.node ? r.node.getStart(file) : r.node.start;
    const { data, message } = messageOf(r.messageId, r.data);
    const id = `${start}:${r.node.end}:${r.messageId}:${JSON.stringify(data)}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({
      ruleId: rule.meta.id,
      messageId: r.messageId,
      data,
      message,
      file: file.fileName,
      start,
      end: r.node.end,
      related: (r.related ?? []).map((x) => ({
        file: x.node.getSourceFile().fileName,
        start: x.node.getStart(),
        end: x.node.end,
        message: x.message,
      })),
      ...(r.fix ? { fix: r.fix } : {}),
      ...(r.suggestions
        ? { suggestions: r.suggestions.map((s) => ({ messageId: s.messageId, ...messageOf(s.messageId, s.data), fix: s.fix })) }
        : {}),
    });
  };
  try {
    rule.check({ analysis: view, file, index: view.indexOf(file), options, report });
  } catch (e) {
    const data = { rule: rule.meta.id, error: e instanceof Error ? e.message : String(e) };
    out.length = 0;
    out.push({
      ruleId: rule.meta.id,
      messageId: INTERNAL_ERROR_MESSAGE_ID,
      data,
      message: formatMessage(INTERNAL_ERROR_MESSAGE, data),
      file: file.fileName,
      start: 0,
      end: 0,
      related: [],
      ...(e instanceof Error && e.stack ? { stack: e.stack } : {}),
    });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  // Most files are clean for most rules: one shared empty answer, not thousands.
  return out.length === 0 ? NO_FINDINGS : out;
}
