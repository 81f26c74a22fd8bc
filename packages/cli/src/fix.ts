// --fix: apply autofixes, re-check, and repeat until nothing changes (at most
// MAX_PASSES). Writes are atomic (a temporary file renamed over the original)
// and never leave the project root.
import { type TextEdit, applyTextEdits, nonOverlapping } from '@drvlint/core';
import type { DrvlintConfig, ResolvedRule } from '@drvlint/rules';
import { checkFiles } from './check.js';
import { writeSource } from './safe-write.js';
import { type LoadedProject, programOf } from './project.js';

const MAX_PASSES = 10;

export interface FixReport {
  readonly passes: number;
  readonly fixed: ReadonlySet<string>;
  /** Files not written, with why (outside the root, read-only, changed on disk meanwhile). */
  readonly refused: ReadonlyMap<string, string>;
}

/** Apply non-overlapping fixes to `text`, last first so positions stay valid; overlapping ones wait for the next pass. */
export function applyEdits(text: string, fixes: readonly (readonly TextEdit[])[]): { text: string; applied: number } {
  // Chosen so that no two overlap, and each was proven on its own: a fix whose own edits overlap is left out.
  const chosen = nonOverlapping(fixes, (edits) => edits).filter((edits) => applyTextEdits(text, edits) !== undefined);
  return { text: applyTextEdits(text, chosen.flat()) ?? text, applied: chosen.length };
}

export function fixToFixedPoint(
  loaded: LoadedProject,
  fileNames: readonly string[],
  rulesOf: (fileName: string) => readonly ResolvedRule[] | undefined,
  config: DrvlintConfig,
): FixReport {
  const fixed = new Set<string>();
  const refused = new Map<string, string>();
  let passes = 0;
  for (; passes < MAX_PASSES; passes++) {
    const program = programOf(loaded);
    const files = fileNames.map((f) => program.getSourceFile(f)).filter((f) => f !== undefined);
    const results = checkFiles(loaded.ts, program, files, rulesOf, config);
    let changed = false;
    for (const r of results) {
      const fixes = r.messages.flatMap((m) => (m.fix ? [m.fix] : []));
      if (fixes.length === 0) continue;
      const { text, applied } = applyEdits(r.source, fixes);
      if (applied === 0 || text === r.source) continue;
      const outcome = writeSource(loaded.root, r.filePath, r.source, text);
      if (!outcome.written) {
        refused.set(r.filePath, outcome.why);
        continue;
      }
      loaded.project.getSourceFileOrThrow(r.filePath).replaceWithText(text);
      fixed.add(r.filePath);
      changed = true;
    }
    if (!changed) break;
  }
  return { passes, fixed, refused };
}
