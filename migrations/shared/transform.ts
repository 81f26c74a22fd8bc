// What a transform is: given the shared analysis of the program as it stands
// after the transforms before it, the minimal text edits that take the
// selected files one step from the legacy API to the current one, and the
// sites it left for a person, each with the reason. Transforms never guess:
// a site they cannot migrate safely is left as it is and reported.
import type { AnalysisView, Finding, RuleDefinition, TS, TextEdit, TransformId } from '@drvlint/core';
import type { KernelImports } from './imports.js';

/** A place in a file, as the summary shows it. */
export interface Site {
  readonly file: string;
  /** 1-based, like every editor and `file:line:column`. */
  readonly line: number;
  readonly column: number;
  /** What was migrated, or why it was left. */
  readonly what: string;
}

export interface TransformContext {
  /** The program's analysis as rules see it. */
  readonly analysis: AnalysisView;
  /** A rule's findings on a file of this program, as `drvlint check` reports them (before suppressions). */
  findings(file: TS.SourceFile, rule: RuleDefinition): readonly Finding[];
  /** The files the run may change: the project's own, narrowed to the paths given. */
  readonly files: readonly TS.SourceFile[];
  /** Edits to one file; several calls for one file accumulate. */
  edit(file: TS.SourceFile, edits: readonly TextEdit[]): void;
  migrated(node: TS.Node, what: string): void;
  leave(node: TS.Node, why: string): void;
  /** The `@drvlint/kernel` names a file needs: local names to write, and the import edits at the end. */
  imports(file: TS.SourceFile): KernelImports;
  /** A bug of the legacy code that the migration fixes (reported as such, e.g. a raw table without its terminator). */
  fixedBug(node: TS.Node, what: string): void;
}

export interface Transform {
  readonly id: TransformId;
  /** One line for `--help` and the summary. */
  readonly summary: string;
  run(cx: TransformContext): void;
}

export function siteOf(node: TS.Node, what: string): Site {
  const file = node.getSourceFile();
  const lc = file.getLineAndCharacterOfPosition(node.getStart(file));
  return { file: file.fileName, line: lc.line + 1, column: lc.character + 1, what };
}
