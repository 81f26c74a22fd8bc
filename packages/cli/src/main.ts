import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHECK_HELP, type CheckArgs, HELP, MIGRATE_HELP, parse } from './args.js';
import { counts } from './check.js';
import type { Io } from './io.js';
import type { FileResult } from './results.js';
import { describeCompiler } from './compiler.js';
import { UsageError } from './errors.js';
import { migrateCommand } from './migrate.js';
import { formatGithub, writeGithubSummary } from './formats/github.js';
import { formatJson } from './formats/json.js';
import { formatSarif } from './formats/sarif.js';
import { formatStylish } from './formats/stylish.js';
import { projectPaths, unmatchedPaths } from './project.js';
import { type ProjectOutcome, type ProjectRun, checkProject } from './projects.js';

const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Run the CLI; returns the exit code: 0 clean, 1 findings, 2 usage or configuration error. */

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parse(argv);
    if (args.command === 'help') {
      io.stdout.write(`${args.topic === 'check' ? CHECK_HELP : args.topic === 'migrate' ? MIGRATE_HELP : HELP}\n`);
      return 0;
    }
    if (args.command === 'version') {
      // The version, and the compiler a check here would use: the first thing to know when findings differ between front ends.
      io.stdout.write(`${version}\n${describeCompiler(io.cwd)}\n`);
      return 0;
    }
    if (args.command === 'migrate') return migrateCommand(args, io);
    let results = await checkProjects(args, io);
    if (args.quiet) results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2) }));
    const output =
      args.format === 'json'
        ? formatJson(results)
        : args.format === 'sarif'
          ? formatSarif(results, baseDirOf(io.cwd, args.baseDir), version)
          : args.format === 'github'
            ? formatGithub(results, baseDirOf(io.cwd, args.baseDir), io.cwd)
            : formatStylish(results, io.cwd, colour(args, io));
    if (args.outputFile !== undefined) {
      const file = path.resolve(io.cwd, args.outputFile);
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, output.endsWith('\n') || output === '' ? output : `${output}\n`);
      } catch (e) {
        throw new UsageError(`cannot write ${args.outputFile}: ${(e as Error).message}`);
      }
    } else if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (args.format === 'github') {
      const unwritten = writeGithubSummary(results, baseDirOf(io.cwd, args.baseDir), process.env.GITHUB_STEP_SUMMARY);
      if (unwritten) io.stderr.write(`drvlint: ${unwritten}\n`);
    }
    const c = counts(results);
    if (args.exitZero) return 0;
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

/** Colours as ESLint decides them: the flags first, then FORCE_COLOR and NO_COLOR, then whether stdout is a terminal. */
function colour(args: CheckArgs, io: Io): boolean {
  if (args.color !== undefined) return args.color;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return io.stdout.isTTY === true && args.outputFile === undefined;
}

/**
 * Check the project, or each project a solution-style tsconfig references, one
 * program at a time (each released before the next), reporting each file once.
 * With --jobs N, up to N projects are checked at once in worker threads.
 */
async function checkProjects(args: CheckArgs, io: Io): Promise<FileResult[]> {
  const paths = projectPaths(io.cwd, args.project);
  const several = paths.length > 1;
  const run: ProjectRun = { cwd: io.cwd, version, args, several };
  const outcomes = args.jobs > 1 && several ? await inWorkers(run, paths, args.jobs) : sequentially(run, paths, io);
  const results: FileResult[] = [];
  const reported = new Set<string>();
  const ignored: string[] = [];
  let looked = 0;
  // In project order, as a sequential run reports: notes, the first error, each file from the first project that has it.
  for (const o of outcomes) {
    for (const line of o.notes) io.stderr.write(`${line}\n`);
    if (o.error !== undefined) throw new UsageError(o.error);
    if (o.looked) looked++;
    ignored.push(...o.ignored);
    for (const r of o.results) {
      if (reported.has(r.filePath)) continue;
      reported.add(r.filePath);
      results.push(r);
    }
  }
  if (several && looked === 0)
    throw new UsageError(`none of the ${paths.length} referenced projects imports @drvlint/kernel, so drvlint checked nothing`);
  // A path no project includes is skipped with a warning that names it (a typo, a file outside the tsconfig
  // that lint-staged passed): the exit code comes from the findings, as ESLint's does with --no-warn-ignored.
  // A path whose files the configuration's `ignores` all leave out says so, as ESLint does for an ignored file it is given.
  for (const p of unmatchedPaths(io.cwd, args.paths, [...reported]))
    io.stderr.write(
      unmatchedPaths(io.cwd, [p], ignored).length === 0
        ? `drvlint: skipped ${p}: the configuration's "ignores" leave out every file there\n`
        : `drvlint: skipped ${p}: no file of the project${several ? 's' : ''} is there (a typo, or outside the tsconfig?)\n`,
    );
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

function sequentially(run: ProjectRun, paths: readonly string[], io: Io): ProjectOutcome[] {
  const outcomes: ProjectOutcome[] = [];
  const reported = new Set<string>();
  for (const tsconfig of paths) {
    const o = checkProject(run, tsconfig, reported, (total) => progressLine(io, total));
    outcomes.push(o);
    if (o.error !== undefined) break;
    for (const r of o.results) reported.add(r.filePath);
  }
  return outcomes;
}

/** Projects handed out one at a time to `jobs` worker threads, as each finishes its last. */
function inWorkers(run: ProjectRun, paths: readonly string[], jobs: number): Promise<ProjectOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes = new Map<string, ProjectOutcome>();
    let next = 0;
    let live = 0;
    let failed = false;
    const workers: Worker[] = [];
    const finish = (): void => {
      if (live === 0 && !failed) resolve(paths.map((p) => outcomes.get(p)).filter((o): o is ProjectOutcome => o !== undefined));
    };
    for (let i = 0; i < Math.min(jobs, paths.length); i++) {
      const w = new Worker(new URL('./project-worker.js', import.meta.url), { workerData: run });
      workers.push(w);
      live++;
      const feed = (): void => {
        const tsconfig = paths[next++];
        // A usage error stops the run, as it would sequentially: hand out no more.
        w.postMessage(tsconfig !== undefined && ![...outcomes.values()].some((o) => o.error !== undefined) ? { tsconfig } : {});
      };
      w.on('message', (m: { ready?: true; outcome?: ProjectOutcome; crash?: string }) => {
        if (m.outcome) outcomes.set(m.outcome.tsconfig, m.outcome);
        if (m.crash !== undefined) {
          failed = true;
          for (const x of workers) void x.terminate();
          reject(new Error(m.crash));
          return;
        }
        feed();
      });
      w.on('error', (e) => {
        failed = true;
        for (const x of workers) void x.terminate();
        reject(e);
      });
      w.on('exit', () => {
        live--;
        finish();
      });
    }
  });
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

/**
 * What CI annotations and SARIF paths are relative to: `--base-dir`, else the
 * repository's top level (where GitHub resolves annotation paths), else the
 * working directory.
 */
function baseDirOf(cwd: string, given: string | undefined): string {
  if (given !== undefined) return path.resolve(cwd, given);
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return top === '' ? cwd : realpathSync(top);
  } catch {
    return cwd;
  }
}
