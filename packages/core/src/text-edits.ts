// Applying text edits, for everyone who does: the CLI's --fix, the fix
// prover, the migrations.
import type { TextEdit } from './rule.js';

/** `edits` applied to `text`, last first so earlier positions stay valid. */
export function applyTextEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'text'>[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * The items (fixes) whose edits, taken as one span each, overlap no item
 * kept before them in position order: first come, first kept. An item with
 * no edits is never kept. Overlapping ones wait for another pass.
 */
export function nonOverlapping<T>(items: readonly T[], editsOf: (item: T) => readonly TextEdit[]): T[] {
  const spans = items
    .filter((item) => editsOf(item).length > 0)
    .map((item) => ({ item, start: Math.min(...editsOf(item).map((e) => e.start)), end: Math.max(...editsOf(item).map((e) => e.end)) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: T[] = [];
  let lastEnd = -1;
  for (const s of spans) {
    if (s.start <= lastEnd) continue;
    kept.push(s.item);
    lastEnd = s.end;
  }
  return kept;
}
