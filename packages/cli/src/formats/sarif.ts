// SARIF 2.1.0, for code scanning: rule metadata with helpUri and each rule's
// page as help.markdown, related locations, columns counted as the CLI
// counts them (UTF-16 code units, which consumers otherwise take for code
// points), and partialFingerprints that do not move with line numbers, so
// alerts are not duplicated across runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules } from '@drvlint/rules';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { FileResult } from '../results.js';

/** A relative URI reference: '/'-separated, each segment percent-encoded. */
const uri = (root: string, file: string): string => path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/');

/** A rule's docs page, which @drvlint/rules ships beside its code, as `help.markdown`. */
function markdownOf(id: string): { markdown?: string } {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('@drvlint/rules/package.json'));
    return { markdown: readFileSync(path.join(dir, `${id}.md`), 'utf8') };
  } catch {
    return {};
  }
}

export function formatSarif(results: readonly FileResult[], root: string, version: string): string {
  const descriptors: ReportingDescriptor[] = Object.entries(rules).map(([id, def]) => ({
    id: `drvlint/${id}`,
    name: id,
    shortDescription: { text: def.meta.description },
    fullDescription: { text: def.meta.description },
    helpUri: def.docsUrl,
    help: { text: `See ${def.docsUrl}`, ...markdownOf(id) },
    defaultConfiguration: { level: def.meta.presets.recommended === 'warn' ? 'warning' : 'error' },
    properties: { tags: ['linux-driver-model', def.meta.type] },
  }));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const out: Result[] = [];
  for (const r of results) {
    const lines = r.source.split(/\r?\n/);
    const seen = new Map<string, number>();
    for (const m of r.messages) {
      // rule + file + message + the text of the line, counted if it repeats: stable when code above moves.
      const basis = [m.ruleId ?? 'parse', uri(root, r.filePath), m.message, (lines[m.line - 1] ?? '').trim()].join('\0');
      const n = (seen.get(basis) ?? 0) + 1;
      seen.set(basis, n);
      const fingerprint = createHash('sha256').update(`${basis}\0${n}`).digest('hex').slice(0, 32);
      const ruleIndex = m.ruleId ? index.get(m.ruleId) : undefined;
      out.push({
        ruleId: m.ruleId ?? 'drvlint/parse-error',
        ...(ruleIndex !== undefined ? { ruleIndex } : {}),
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: m.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uri(root, r.filePath), uriBaseId: '%SRCROOT%' },
              region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
            },
          },
        ],
        ...(m.related.length > 0
          ? {
              relatedLocations: m.related.map((rel, i) => ({
                id: i,
                message: { text: rel.message },
                physicalLocation: {
                  artifactLocation: { uri: uri(root, rel.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: rel.line, startColumn: rel.column },
                },
              })),
            }
          : {}),
        partialFingerprints: { 'drvlintFinding/v1': fingerprint },
      });
    }
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'drvlint', version, informationUri: 'https://github.com/drvlint/drvlint', rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } },
        columnKind: 'utf16CodeUnits',
        // The category code scanning keeps this tool's alerts under, apart from other analyses of the repository.
        automationDetails: { id: 'drvlint/' },
        results: out,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
