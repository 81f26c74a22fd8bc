// drvlint migrate: the transforms of @drvlint/migrations over the project,
// in memory on the ts-morph project the CLI loads. By default a git-style
// unified diff and a summary; --write applies it atomically inside the
// project root; --check reports and exits 1 when anything would change.
import path from 'node:path';
import { structuredPatch } from 'diff';
import { Analysis, type TS } from '@drvlint/core';
import { type MigrationResult, type Site, runMigration, transforms } from '@drvlint/migrations';
import type { MigrateArgs } from './args.js';
import { asCoreProgram, bundledTs } from './compiler.js';
import { UsageError } from './errors.js';
import { writeSource } from './safe-write.js';
import type { Io } from './io.js';
import { blindLine } from './projects.js';
import { loadProject, programOf, selectFiles, unmatchedPaths } from './project.js';

export function migrateCommand(args: MigrateArgs, io: Io): number {
  const loaded = loadProject(io.cwd, args.project, { forEdits: true });
  const program = programOf(loaded);
  const ts = bundledTs();
  const blind = Analysis.for(ts, program).blindness;
  if (blind) throw new UsageError(`nothing to migrate to: ${blindLine(blind, io.cwd)}`);
  const wanted = new Set(selectFiles(loaded, io.cwd, args.paths).map((f) => f.fileName));
  for (const p of unmatchedPaths(io.cwd, args.paths, [...wanted]))
    io.stderr.write(
      `drvlint: skipped ${p}: no file of ${path.relative(io.cwd, loaded.tsconfig) || loaded.tsconfig} is there (a typo, or outside the tsconfig?)\n`,
    );
  const chosen = args.only ? transforms.filter((t) => args.only?.includes(t.id)) : transforms;
  const result = runMigration(
    {
      ts,
      program: () => asCoreProgram(loaded.project.getProgram().compilerObject),
      setText: (file, text) => void loaded.project.getSourceFileOrThrow(file).replaceWithText(text),
    },
    chosen,
    (p: TS.Program) => p.getSourceFiles().filter((f) => wanted.has(f.fileName)),
  );
  const rel = (f: string): string => path.relative(loaded.root, f).split(path.sep).join('/');
  const refusedWrites: string[] = [];
  if (args.write) {
    for (const c of result.changes) {
      const outcome = writeSource(loaded.root, c.file, c.before, c.after);
      if (!outcome.written) refusedWrites.push(`drvlint: not writing ${rel(c.file)}: ${outcome.why}`);
    }
    for (const line of refusedWrites) io.stderr.write(`${line}\n`);
  }
  if (args.format === 'json') {
    io.stdout.write(`${JSON.stringify(asJson(result, rel, args), null, 2)}\n`);
  } else {
    if (!args.check && !args.write) for (const c of result.changes) io.stdout.write(gitDiff(rel(c.file), c.before, c.after));
    io.stdout.write(summary(result, rel, args));
  }
  return args.check && result.changes.length > 0 ? 1 : 0;
}

/** A unified diff as git writes it, paths relative to the project root, applicable with `git apply`. */
export function gitDiff(file: string, before: string, after: string): string {
  const patch = structuredPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 3 });
  const range = (start: number, lines: number): string => (lines === 1 ? `${start}` : `${lines === 0 ? start : start},${lines}`);
  const hunks = patch.hunks.map(
    (h) => `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n${h.lines.join('\n')}\n`,
  );
  return `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n${hunks.join('')}`;
}

function at(s: Site, rel: (f: string) => string): string {
  return `${rel(s.file)}:${s.line}:${s.column}`;
}

function summary(result: MigrationResult, rel: (f: string) => string, args: MigrateArgs): string {
  const n = result.changes.length;
  const lines = [
    n === 0
      ? 'drvlint migrate: nothing to change'
      : `drvlint migrate: ${n} file${n === 1 ? '' : 's'} ${args.write ? 'changed' : 'would change'}${args.write || args.check ? '' : ' (run with --write to apply)'}`,
  ];
  for (const t of result.transforms) {
    lines.push(
      `  ${t.id}: ${t.files.length} file${t.files.length === 1 ? '' : 's'}, ${t.migrated.length} site${t.migrated.length === 1 ? '' : 's'} migrated, ${t.left.length} left for a person`,
    );
    for (const s of t.left) lines.push(`    left: ${at(s, rel)} ${s.what}`);
    for (const s of t.fixedBugs) lines.push(`    bug fixed: ${at(s, rel)} ${s.what}`);
  }
  for (const s of result.refused) lines.push(`  untouched: ${at(s, rel)} ${s.what}`);
  // Last, what a CI log tail shows: how many sites no transform can take, so they are not forgotten.
  const person = result.transforms.reduce((n, t) => n + t.left.length, 0) + result.refused.length;
  lines.push(
    person === 0
      ? 'drvlint migrate: no site needs a person'
      : `drvlint migrate: ${person} site${person === 1 ? '' : 's'} need${person === 1 ? 's' : ''} a person (listed above; \`drvlint/no-legacy-api\` keeps reporting the legacy API they use)`,
  );
  return `${lines.join('\n')}\n`;
}

function asJson(result: MigrationResult, rel: (f: string) => string, args: MigrateArgs) {
  const site = (s: Site) => ({ file: rel(s.file), line: s.line, column: s.column, message: s.what });
  return {
    written: args.write,
    changes: result.changes.map((c) => ({ file: rel(c.file), diff: gitDiff(rel(c.file), c.before, c.after) })),
    transforms: result.transforms.map((t) => ({
      id: t.id,
      files: t.files.map(rel),
      migrated: t.migrated.map(site),
      left: t.left.map(site),
      fixedBugs: t.fixedBugs.map(site),
    })),
    untouched: result.refused.map(site),
  };
}
