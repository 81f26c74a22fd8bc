import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Analysis, type Blindness, type TS } from '@drvlint/core';
import { type CheckArgs, HELP, parse } from './args.js';
import { ts } from './compiler.js';
import { ResultCache, cacheSalt } from './cache.js';
import { type FileResult, checkFiles, counts } from './check.js';
import { enabledRules, loadConfig } from './config.js';
import { UsageError } from './errors.js';
import { fixToFixedPoint } from './fix.js';
import { migrateCommand } from './migrate.js';
import { formatGithub } from './formats/github.js';
import { formatJson } from './formats/json.js';
import { formatSarif } from './formats/sarif.js';
import { formatStylish } from './formats/stylish.js';
import { loadProject, programOf, projectPaths, selectFiles } from './project.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
}

const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Run the CLI; returns the exit code: 0 clean, 1 findings, 2 usage or configuration error. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parse(argv);
    if (args.command === 'help') {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (args.command === 'version') {
      io.stdout.write(`${version}\n`);
      return 0;
    }
    if (args.command === 'migrate') return migrateCommand(args, io);
    let results = checkProjects(args, io);
    if (args.quiet) results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2) }));
    const output =
      args.format === 'json'
        ? formatJson(results)
        : args.format === 'sarif'
          ? formatSarif(results, baseDirOf(io.cwd, args.baseDir), version)
          : args.format === 'github'
            ? formatGithub(results, baseDirOf(io.cwd, args.baseDir))
            : formatStylish(results, io.cwd, io.stdout.isTTY === true && !process.env.NO_COLOR);
    if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    const c = counts(results);
    if (args.maxWarnings !== undefined && c.warnings > args.maxWarnings) {
      io.stderr.write(`drvlint: ${c.warnings} warnings, more than --max-warnings ${args.maxWarnings}\n`);
      return 1;
    }
    return c.errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`drvlint: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`drvlint: internal error, please report it: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

/**
 * Check the project, or each project a solution-style tsconfig references, one
 * program at a time (each released before the next), reporting each file once.
 */
function checkProjects(args: CheckArgs, io: Io): FileResult[] {
  const paths = projectPaths(io.cwd, args.project);
  const several = paths.length > 1;
  const results: FileResult[] = [];
  const reported = new Set<string>();
  let looked = 0;
  for (const tsconfig of paths) {
    const loaded = loadProject(io.cwd, tsconfig, { forEdits: args.fix });
    const { config } = loadConfig(loaded.root, args.config && path.resolve(io.cwd, args.config), io.cwd);
    const rules = enabledRules(config, args.rules);
    const pick = (): TS.SourceFile[] => selectFiles(loaded, io.cwd, args.paths, several).filter((f) => !reported.has(f.fileName));
    let files = pick();
    if (args.fix) {
      const report = fixToFixedPoint(loaded, files.map((f) => f.fileName), rules, config);
      for (const [f, why] of report.refused) io.stderr.write(`drvlint: not fixing ${path.relative(io.cwd, f) || f}: ${why}\n`);
      files = pick();
    }
    const program = programOf(loaded);
    // Never silently clean: no kernel API in sight is an error, not a pass. In a
    // solution, a referenced project that does not use the kernel is said to be skipped.
    const seen = Analysis.for(ts, program).blindness;
    // A checker limit still lets drvlint look, but nothing it says can be trusted: a fatal error on that file, never a clean run.
    const limit = seen?.kind === 'checker-limit' ? seen : undefined;
    const blind = limit ? undefined : seen;
    if (blind && (!several || blind.kind === 'unresolved')) throw new UsageError(blindLine(blind, io.cwd));
    if (blind) {
      io.stderr.write(`drvlint: skipped ${path.relative(io.cwd, tsconfig) || tsconfig}: ${blind.message}\n`);
      continue;
    }
    looked++;
    // One cache per project, beside its tsconfig unless --cache-location names a file.
    const cache = args.cache === undefined ? undefined : new ResultCache(args.cache ? path.resolve(io.cwd, several ? `${args.cache}.${createHash('sha256').update(tsconfig).digest('hex').slice(0, 8)}` : args.cache) : path.join(loaded.root, '.drvlintcache'), cacheSalt(version, { rules: rules.map((r) => [r.id, r.severity, r.options]), config }, Analysis.for(ts, program)));
    const progress = progressLine(io, files.length);
    results.push(...checkFiles(program, files, rules, config, progress.tick, limit ? undefined : cache));
    progress.done();
    if (limit?.at) {
      const { file, start } = limit.at;
      const lc = file.getLineAndCharacterOfPosition(start);
      const message = { ruleId: null, severity: 2 as const, fatal: true as const, message: limit.message, line: lc.line + 1, column: lc.character + 1, endLine: lc.line + 1, endColumn: lc.character + 1, related: [] };
      const result = results.find((r) => r.filePath === file.fileName);
      if (result) result.messages.unshift(message);
      else results.push({ filePath: file.fileName, source: file.text, messages: [message] });
    }
    cache?.save();
    for (const f of files) reported.add(f.fileName);
  }
  if (several && looked === 0) throw new UsageError(`none of the ${paths.length} referenced projects imports @drvlint/kernel, so drvlint checked nothing`);
  if (several && args.paths.length > 0 && reported.size === 0) throw new UsageError(`no files of the referenced projects match ${args.paths.join(', ')}`);
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/** On a terminal, a progress line for long runs; nothing when piped. */
function progressLine(io: Io, total: number): { tick: (done: number) => void; done: () => void } {
  if (!io.stderr.isTTY || total < 20) return { tick: () => {}, done: () => {} };
  const started = Date.now();
  let last = 0;
  return {
    tick(done) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      io.stderr.write(`\rdrvlint: ${done}/${total} files (${rate.toFixed(0)} files/s)`);
    },
    done() {
      io.stderr.write('\r\x1b[2K');
    },
  };
}

/** A blindness as one CLI line, at the unresolved import when there is one. */
export function blindLine(blind: Blindness, cwd: string): string {
  const at = blind.at && blind.at.file.getLineAndCharacterOfPosition(blind.at.start);
  return blind.at && at ? `${path.relative(cwd, blind.at.file.fileName)}:${at.line + 1}:${at.character + 1}: ${blind.message}` : blind.message;
}

/**
 * What CI annotations and SARIF paths are relative to: `--base-dir`, else the
 * repository's top level (where GitHub resolves annotation paths), else the
 * working directory.
 */
function baseDirOf(cwd: string, given: string | undefined): string {
  if (given !== undefined) return path.resolve(cwd, given);
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return top === '' ? cwd : realpathSync(top);
  } catch {
    return cwd;
  }
}
