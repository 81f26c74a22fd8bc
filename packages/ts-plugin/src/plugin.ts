// The language-service proxy. It uses the editor's program and `ts` (never
// a second program), appends drvlint's findings to semantic diagnostics,
// offers their fixes as quick fixes from the last diagnostics pass, and never
// lets an error escape into tsserver.
import { Analysis, type Cached, type Finding, type TS, type TypeScript, directiveProblems, groupView } from '@drvlint/core';
import {
  type DrvlintConfig,
  type ResolvedRule,
  findConfig,
  mergeConfigs,
  resolveRules,
  rulesByFile,
  rules as ruleTable,
} from '@drvlint/rules';
import { BLIND_CODE, CODES, INTERNAL_ERROR_CODE, codeOf } from './codes.js';

/** The tsconfig plugin entry: `{ "name": "@drvlint/ts-plugin", "rules": { … }, "directives": { … } }`. */
export interface PluginConfig extends DrvlintConfig {
  readonly name?: string;
}

export interface PluginState {
  /** How many files were analysed (cache misses), for tests and the latency script. */
  analysed: number;
}

export function createPlugin(ts: TypeScript, info: TS.server.PluginCreateInfo): TS.LanguageService {
  const ls = info.languageService;
  const log = (msg: string): void => info.project.projectService.logger.info(`[drvlint] ${msg}`);
  let rules: ResolvedRule[] = [];
  /** Each file's rules, with the config's overrides; undefined for a file it ignores. */
  let rulesOf: (fileName: string) => readonly ResolvedRule[] | undefined = () => rules;
  let directiveOptions = { requireReason: true, reportUnused: 'warn' as 'off' | 'warn' | 'error' };
  let configError: string | undefined;
  // drvlint.config.json (or package.json's "drvlint") beside the tsconfig, as the
  // CLI reads it, with the tsconfig's plugin entry on top: one configuration everywhere.
  // Hosts other than tsserver may hand a partial `info`: fall back rather than fail.
  const projectName = info.project.getProjectName?.() ?? '';
  const projectDir = /\.json$/.test(projectName)
    ? projectName.replace(/[\\/][^\\/]*$/, '')
    : info.languageServiceHost.getCurrentDirectory();
  const files = info.serverHost ?? ts.sys;
  const configure = (entry: PluginConfig): void => {
    const found = findConfig(projectDir, { fileExists: (f) => files.fileExists(f), readFile: (f) => files.readFile(f) });
    const fromFile = found && 'raw' in found && found.raw !== null && typeof found.raw === 'object' ? (found.raw as DrvlintConfig) : {};
    const merged = mergeConfigs(fromFile, entry ?? {});
    const r = resolveRules(merged);
    rules = r.rules;
    // Globs of ignores and overrides are relative to the configuration file's folder (the project's, for the tsconfig entry).
    const dir = found ? found.file.replace(/[\\/][^\\/]*$/, '') : projectDir;
    const byFile = rulesByFile(merged, dir);
    rulesOf = byFile.rulesOf;
    directiveOptions = { requireReason: merged.directives?.requireReason ?? true, reportUnused: merged.directives?.reportUnused ?? 'warn' };
    const errors = [
      ...(found && 'error' in found ? [found.error] : []),
      ...byFile.errors.map((e) => (found && 'raw' in found ? `${e} (${found.file} or the tsconfig plugin entry)` : e)),
    ];
    configError = errors.length > 0 ? errors.join('; ') : undefined;
    cache.clear();
    if (found) log(`configuration from ${found.file}, with the tsconfig plugin entry on top`);
  };
  const cache = new Map<string, Cached>();
  /** Fixes of the last diagnostics pass, per file. */
  const fixes = new Map<string, readonly Finding[]>();
  let entry = info.config as PluginConfig;
  configure(entry);
  // The configuration files are read again when they change (or appear), and the editor asks for diagnostics again.
  const reconfigure = (): void => {
    configure(entry);
    info.project.refreshDiagnostics?.();
  };
  const watchers = ['drvlint.config.json', 'package.json'].map((name) =>
    files.watchFile?.(`${projectDir.replace(/[\\/]+$/, '')}/${name}`, reconfigure, 500),
  );
  const closeWatchers = (): void => {
    for (const w of watchers) w?.close();
  };

  const findingsOf = (fileName: string, program: TS.Program, file: TS.SourceFile): readonly Finding[] => {
    const whole = Analysis.for(ts, program);
    if (!whole.kernel || !whole.isAnalysed(file)) return [];
    const host = info.languageServiceHost;
    const group = whole.components.of(fileName);
    const signature = group.map((f) => `${f}@${host.getScriptVersion(f)}`).join('|');
    const hit = cache.get(fileName);
    if (hit && hit.signature === signature) return hit.findings;
    // The file's findings depend only on its dependency set (itself, what imports it, what they import): analyse that, not the project.
    const analysis = Analysis.for(ts, groupView(program, group));
    state.analysed++;
    const own = rulesOf(fileName);
    if (!own) return [];
    const findings: (Finding & { severity?: string })[] = own.flatMap((r) =>
      analysis.unsuppressed(file, r.definition, r.options).map((f) => ({ ...f, severity: r.severity })),
    );
    // The CLI's checks of drvlint-disable comments, as diagnostics of their own.
    const { requireReason, reportUnused } = directiveOptions;
    for (const p of directiveProblems(
      analysis.directivesOf(file),
      analysis.usedDirectives(file, own),
      (id) => Object.prototype.hasOwnProperty.call(ruleTable, id),
      { requireReason, reportUnused: reportUnused !== 'off' },
    )) {
      findings.push({
        ruleId: 'directives',
        messageId: 'directive',
        data: {},
        message: p.message,
        file: file.fileName,
        start: p.start,
        end: p.end,
        related: [],
        // One severity for every problem of a comment, as ESLint's drvlint/directives has one.
        severity: reportUnused === 'error' ? 'error' : 'warn',
      });
    }
    // The stack of each rule's internal error goes to the log, once per analysis of the file.
    for (const f of findings)
      if (f.messageId === 'internalError') log(`internal error in rule ${f.ruleId} on ${fileName}: ${f.stack ?? f.message}`);
    cache.set(fileName, { signature, findings });
    return findings;
  };

  const toDiagnostic = (program: TS.Program, file: TS.SourceFile, f: Finding & { severity?: string }): TS.Diagnostic => ({
    file,
    start: f.start,
    length: Math.max(0, f.end - f.start),
    messageText: f.message,
    category: f.messageId === 'internalError' || f.severity === 'error' ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
    code: f.messageId === 'internalError' ? INTERNAL_ERROR_CODE : codeOf(f.ruleId),
    source: 'drvlint',
    relatedInformation: f.related.map((r) => ({
      file: program.getSourceFile(r.file),
      start: r.start,
      length: Math.max(0, r.end - r.start),
      messageText: r.message,
      category: ts.DiagnosticCategory.Message,
      code: codeOf(f.ruleId),
    })),
  });

  /**
   * Internal errors as few diagnostics as there are distinct errors: a
   * failure in shared analysis fails every rule the same way, and nine
   * copies of it help nobody.
   */
  const internalErrors = (file: TS.SourceFile, findings: readonly Finding[]): TS.Diagnostic[] => {
    const byError = new Map<string, string[]>();
    for (const f of findings) {
      if (f.messageId !== 'internalError') continue;
      const error = f.data.error ?? f.message;
      byError.set(error, [...(byError.get(error) ?? []), f.ruleId]);
    }
    return [...byError].map(([error, ids]) => ({
      file,
      start: 0,
      length: 0,
      messageText: `drvlint internal error in ${ids.length === 1 ? 'rule' : 'rules'} ${ids.join(', ')}: ${error}. Other rules still ran; the stack is in the tsserver log.`,
      category: ts.DiagnosticCategory.Error,
      code: INTERNAL_ERROR_CODE,
      source: 'drvlint',
    }));
  };

  const state: PluginState = { analysed: 0 };
  const proxy = Object.create(null) as TS.LanguageService & { drvlint: PluginState; configure(c: PluginConfig): void };
  for (const k of Object.keys(ls) as (keyof TS.LanguageService)[]) {
    // Read to be bound to `ls` below, or copied as a value.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const member = ls[k];
    (proxy as unknown as Record<string, unknown>)[k] =
      typeof member === 'function' ? (...args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(ls, args) : member;
  }
  proxy.drvlint = state;
  proxy.configure = (c: PluginConfig) => {
    entry = c;
    configure(c);
  };
  proxy.dispose = () => {
    closeWatchers();
    ls.dispose();
  };

  proxy.getSemanticDiagnostics = (fileName) => {
    const prior = ls.getSemanticDiagnostics(fileName);
    const program = ls.getProgram();
    const file = program?.getSourceFile(fileName);
    if (!program || !file) return prior;
    try {
      const findings = findingsOf(fileName, program, file);
      fixes.set(
        fileName,
        findings.filter((f) => f.fix || f.suggestions),
      );
      const extra = [
        ...findings.filter((f) => f.messageId !== 'internalError').map((f) => toDiagnostic(program, file, f)),
        ...internalErrors(file, findings),
      ];
      // Never silently clean: say so when the kernel API is out of sight (at the unresolved import, else at the top of each file).
      const blind = Analysis.for(ts, program).blindness;
      // A program with no import of the kernel (a tools tsconfig) is not drvlint's business in the editor.
      if (blind && blind.kind !== 'no-kernel-import' && (blind.at ? blind.at.file === file : Analysis.for(ts, program).isAnalysed(file))) {
        extra.unshift({
          file,
          start: blind.at?.start ?? 0,
          length: blind.at ? blind.at.end - blind.at.start : 0,
          messageText: `drvlint: ${blind.message}`,
          category: ts.DiagnosticCategory.Error,
          code: BLIND_CODE,
          source: 'drvlint',
        });
      }
      if (configError)
        extra.unshift({
          file,
          start: 0,
          length: 0,
          messageText: `drvlint configuration: ${configError}`,
          category: ts.DiagnosticCategory.Error,
          code: INTERNAL_ERROR_CODE,
          source: 'drvlint',
        });
      return [...prior, ...extra];
    } catch (e) {
      log(`internal error on ${fileName}: ${(e as Error).stack ?? String(e)}`);
      return [
        ...prior,
        {
          file,
          start: 0,
          length: 0,
          messageText: `drvlint internal error: ${(e as Error).message}. Details are in the tsserver log.`,
          category: ts.DiagnosticCategory.Warning,
          code: INTERNAL_ERROR_CODE,
          source: 'drvlint',
        },
      ];
    }
  };

  proxy.getCodeFixesAtPosition = (fileName, start, end, errorCodes, formatOptions, preferences) => {
    const prior = ls.getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions, preferences);
    try {
      const ours: TS.CodeFixAction[] = [];
      const program = ls.getProgram();
      for (const found of fixes.get(fileName) ?? []) {
        if (!errorCodes.includes(codeOf(found.ruleId)) || found.end < start || found.start > end) continue;
        // Proven when asked for, not with every diagnostics request: only fixes a person looks at cost a check.
        const f = program ? Analysis.for(ts, program).proven(found) : found;
        const action = (description: string, edits: readonly { start: number; end: number; text: string }[]): TS.CodeFixAction => ({
          fixName: `drvlint/${f.ruleId}`,
          description,
          changes: [{ fileName, textChanges: edits.map((e) => ({ span: { start: e.start, length: e.end - e.start }, newText: e.text })) }],
        });
        if (f.fix) ours.push(action(`drvlint: fix ${f.ruleId}`, f.fix));
        for (const s of f.suggestions ?? [])
          if (!f.fix || JSON.stringify(s.fix) !== JSON.stringify(f.fix)) ours.push(action(`drvlint: ${s.message}`, s.fix));
      }
      return [...prior, ...ours];
    } catch (e) {
      log(`internal error in code fixes for ${fileName}: ${(e as Error).stack ?? String(e)}`);
      return prior;
    }
  };

  proxy.getSupportedCodeFixes = (fileName?: string) => [...ls.getSupportedCodeFixes(fileName), ...Object.values(CODES).map(String)];

  log(`enabled: ${rules.map((r) => `${r.id}=${r.severity}`).join(', ')}`);
  return proxy;
}
