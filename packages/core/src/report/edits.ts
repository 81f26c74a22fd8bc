// Applying text edits, for everyone who does: the CLI's --fix, the fix
// prover, the migrations. One function, so that all three agree on order
// and on what overlapping edits mean.
import type { TextEdit } from './finding.js';

/**
 * `edits` applied to `text`, or undefined when two of them overlap (one
 * starts before the other ends): such a set has no one meaning. Inserts at
 * one point keep the order they are given in.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string | undefined {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at) return undefined;
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
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
