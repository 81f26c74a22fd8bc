// One project's check, the unit that --jobs spreads over worker threads:
// load its program, refuse to pass blind, check, and release the program.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Analysis, type Blindness, type TS } from '@drvlint/core';
import type { CheckArgs } from './args.js';
import { ResultCache, cacheSalt } from './cache.js';
import { checkFiles } from './check.js';
import type { FileResult } from './results.js';
import { fileRules, loadConfig } from './config.js';
import { UsageError } from './errors.js';
import { fixToFixedPoint } from './fix.js';
import { loadProject, programOf, selectFiles } from './project.js';

export interface ProjectOutcome {
  readonly tsconfig: string;
  /** The results of the project's selected files not in `skip`, each once. */
  readonly results: FileResult[];
  /** Lines for stderr (files not fixed, a project skipped), in order. */
  readonly notes: string[];
  /** Whether the project was analysed (not skipped for not using the kernel). */
  readonly looked: boolean;
  /** Files the given paths selected that the configuration's `ignores` leave out. */
  readonly ignored: readonly string[];
  /** A usage error this project raised: the run stops with it. */
  readonly error?: string;
}

export interface ProjectRun {
  readonly cwd: string;
  readonly version: string;
  readonly args: CheckArgs;
  /** Whether the run checks several projects (a solution-style tsconfig). */
  readonly several: boolean;
}

/** Check one project; files in `skip` were reported by an earlier project. */
export function checkProject(
  run: ProjectRun,
  tsconfig: string,
  skip: ReadonlySet<string>,
  progress?: (total: number) => { tick: (done: number) => void; done: () => void },
): ProjectOutcome {
  const notes: string[] = [];
  try {
    return { tsconfig, notes, ...check(run, tsconfig, skip, notes, progress) };
  } catch (e) {
    if (e instanceof UsageError) return { tsconfig, notes, results: [], looked: false, ignored: [], error: e.message };
    throw e;
  }
}

function check(
  run: ProjectRun,
  tsconfig: string,
  skip: ReadonlySet<string>,
  notes: string[],
  progress: Parameters<typeof checkProject>[3],
): { results: FileResult[]; looked: boolean; ignored: readonly string[] } {
  const { cwd, args, several } = run;
  const loaded = loadProject(cwd, tsconfig, { forEdits: args.fix });
  if (loaded.notice) notes.push(`drvlint: ${loaded.notice}`);
  const { config, file: configFile } = loadConfig(loaded.root, args.config && path.resolve(cwd, args.config), cwd);
  // Globs in `ignores` and `overrides` are relative to the configuration's folder.
  const rulesOf = fileRules(config, configFile ? path.dirname(configFile) : loaded.root, args.rules);
  const pick = (from: readonly TS.SourceFile[]): TS.SourceFile[] =>
    from.filter((f) => !skip.has(f.fileName) && rulesOf(f.fileName) !== undefined);
  const selected = selectFiles(loaded, cwd, args.paths);
  const ignored = selected.filter((f) => rulesOf(f.fileName) === undefined).map((f) => f.fileName);
  let files = pick(selected);
  if (args.fix) {
    const report = fixToFixedPoint(
      loaded,
      files.map((f) => f.fileName),
      rulesOf,
      config,
    );
    for (const [f, why] of report.refused) notes.push(`drvlint: not fixing ${path.relative(cwd, f) || f}: ${why}`);
    // The fixes made a new program: its files are selected again.
    files = pick(selectFiles(loaded, cwd, args.paths));
  }
  const program = programOf(loaded);
  const { ts } = loaded;
  // Never silently clean: no kernel API in sight is an error, not a pass. In a
  // solution, a referenced project that does not use the kernel is said to be skipped.
  const seen = Analysis.for(ts, program).blindness;
  // A checker limit still lets drvlint look, but nothing it says can be trusted: a fatal error on that file, never a clean run.
  const limit = seen?.kind === 'checker-limit' ? seen : undefined;
  const blind = limit ? undefined : seen;
  if (blind && (!several || blind.kind === 'unresolved' || blind.kind === 'no-lib')) throw new UsageError(blindLine(blind, cwd));
  if (blind) {
    notes.push(`drvlint: skipped ${path.relative(cwd, tsconfig) || tsconfig}: ${blind.message}`);
    return { results: [], looked: false, ignored };
  }
  // One cache per project, beside its tsconfig unless --cache-location names a file or a folder.
  const cache =
    args.cache === undefined
      ? undefined
      : new ResultCache(
          cacheFile(cwd, args.cache, several ? tsconfig : undefined, loaded.root),
          cacheSalt(run.version, { rules: args.rules, config }, Analysis.for(ts, program)),
        );
  const shown = progress?.(files.length);
  const results = checkFiles(ts, program, files, rulesOf, config, shown?.tick, limit ? undefined : cache);
  shown?.done();
  if (limit?.at) {
    const { file, start } = limit.at;
    const lc = file.getLineAndCharacterOfPosition(start);
    const message = {
      ruleId: null,
      severity: 2 as const,
      fatal: true as const,
      message: limit.message,
      line: lc.line + 1,
      column: lc.character + 1,
      endLine: lc.line + 1,
      endColumn: lc.character + 1,
      related: [],
    };
    const result = results.find((r) => r.filePath === file.fileName);
    if (result) result.messages.unshift(message);
    else results.push({ filePath: file.fileName, source: file.text, messages: [message] });
  }
  const unsaved = cache?.save();
  if (unsaved) notes.push(`drvlint: ${unsaved}`);
  return { results, looked: true, ignored };
}

/**
 * Where a project's cache lives: `.drvlintcache` beside its tsconfig by
 * default; with --cache-location, that file, or inside that folder when it is
 * one or ends with a separator (as ESLint does). Each project of a solution
 * gets its own, suffixed with a hash of its tsconfig's path.
 */
export function cacheFile(cwd: string, location: string, ofSeveral: string | undefined, root: string): string {
  const suffix = ofSeveral ? `.${createHash('sha256').update(ofSeveral).digest('hex').slice(0, 8)}` : '';
  if (location === '') return path.join(root, `.drvlintcache${suffix}`);
  const at = path.resolve(cwd, location);
  const folder = /[\\/]$/.test(location) || (existsSync(at) && statSync(at).isDirectory());
  return folder ? path.join(at, `.drvlintcache${suffix}`) : `${at}${suffix}`;
}

/** A blindness as one CLI line, at the unresolved import when there is one. */
export function blindLine(blind: Blindness, cwd: string): string {
  const at = blind.at && blind.at.file.getLineAndCharacterOfPosition(blind.at.start);
  return blind.at && at
    ? `${path.relative(cwd, blind.at.file.fileName)}:${at.line + 1}:${at.character + 1}: ${blind.message}`
    : blind.message;
}
