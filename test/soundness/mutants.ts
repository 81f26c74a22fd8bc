// From drafts to mutants: the edits applied to the clean text, the kernel
// imports and helper files added, and a stable id that names the operator and
// the line, so an allowlist entry or a failure points at one place.
import path from 'node:path';
import type { Group } from './groups.js';
import type { Draft, FaultClass, Operator } from './operators.js';

export interface Mutant {
  readonly id: string;
  readonly operator: string;
  readonly fault: FaultClass;
  readonly group: string;
  /** The clean file it changes and the line (1-based) of the change, relative to fixtures/drivers/src. */
  readonly file: string;
  readonly line: number;
  /** Full texts of every file it changes or adds, relative to fixtures/drivers/src. */
  readonly files: ReadonlyMap<string, string>;
}

function kernelImport(names: readonly string[]): string {
  const specs = [...new Set(names)].map((n) => (n.startsWith('type ') ? `type ${n.slice(5)} as __${n.slice(5)}` : `${n} as __${n}`));
  return specs.length === 0 ? '' : `import { ${specs.join(', ')} } from '@drvlint/kernel';\n`;
}

export function applyDraft(op: Operator, group: Group, draft: Draft, clean: string): Mutant {
  let text = clean;
  for (const e of [...draft.edits].sort((a, b) => b.pos - a.pos)) text = text.slice(0, e.pos) + e.text + text.slice(e.end);
  const header = kernelImport(draft.kernel ?? []) + (draft.header ? `${draft.header}\n` : '');
  text = header + text + (draft.append ? `\n${draft.append}\n` : '');
  const files = new Map([[draft.file, text]]);
  for (const [name, content] of Object.entries(draft.extra ?? {}))
    files.set(path.posix.join(path.posix.dirname(draft.file), name), content);
  const line = clean.slice(0, draft.at).split('\n').length;
  return { id: `${op.id}@${draft.file}:${line}`, operator: op.id, fault: op.fault, group: group.name, file: draft.file, line, files };
}

/** Every mutant of a group, ids made unique by a `#n` suffix where one line has several sites. */
export function mutantsOf(
  ops: readonly Operator[],
  group: Group,
  drafts: (op: Operator) => readonly Draft[],
  cleanText: (file: string) => string,
): Mutant[] {
  const out: Mutant[] = [];
  const seen = new Map<string, number>();
  for (const op of ops) {
    for (const d of drafts(op)) {
      const m = applyDraft(op, group, d, cleanText(d.file));
      const n = (seen.get(m.id) ?? 0) + 1;
      seen.set(m.id, n);
      out.push(n === 1 ? m : { ...m, id: `${m.id}#${n}` });
    }
  }
  return out;
}
