// The migration run, and do no harm. The transforms run to a fixed point
// (pipeline.ts); then every file is judged by the type-check of the whole
// result, not step by step. A file that would gain a type error is traced
// back to the first step after which it had one: that step is left out for
// that file, and the run starts again from the original texts, so the other
// steps (an unrelated raw table, say) still apply, and the refusal names the
// step that could not be made safe. A file that still gains an error as a
// whole is put back as it was.
import type { TS, TransformId, TypeScript } from '@drvlint/core';
import { type MigrationHost, type Snapshot, runPass } from './pipeline.js';
import { placer } from './positions.js';
import type { Site, Transform } from './transform.js';

export type { MigrationHost } from './pipeline.js';

export interface TransformReport {
  readonly id: TransformId;
  readonly files: readonly string[];
  readonly migrated: readonly Site[];
  readonly left: readonly Site[];
  readonly fixedBugs: readonly Site[];
}

export interface MigrationResult {
  /** Files whose text the migration changes, in file order. */
  readonly changes: readonly { readonly file: string; readonly before: string; readonly after: string }[];
  readonly transforms: readonly TransformReport[];
  /** Files, or steps of files, left untouched, with why: syntax errors, or a step that would add a type error. */
  readonly refused: readonly Site[];
}

/** Each attempt leaves out at least one more (file, step), so this bounds the work on pathological input. */
const MAX_ATTEMPTS = 12;

export function runMigration(
  host: MigrationHost,
  transforms: readonly Transform[],
  select: (program: TS.Program) => readonly TS.SourceFile[],
): MigrationResult {
  const { ts } = host;
  const first = host.program();
  const refused: Site[] = [];
  const selected = select(first).filter((sf) => {
    const syntax = first.getSyntacticDiagnostics(sf);
    if (syntax.length > 0) refused.push(diagnosticSite(ts, sf, syntax[0] as TS.Diagnostic, 'has syntax errors; nothing is migrated in it'));
    return syntax.length === 0;
  });
  const names = selected.map((f) => f.fileName);
  const original = new Map(selected.map((f) => [f.fileName, f.text]));
  const baseline = new Map(selected.map((f) => [f.fileName, errorKeys(ts, first, f)]));
  const baselineOf = (name: string): ErrorKeys => baseline.get(name) ?? new Map<string, number>();
  const excluded = new Map<string, Set<TransformId>>();
  /** Steps left out of a file, with the error each would have added. */
  const stepRefusals = new Map<string, Map<TransformId, Site>>();

  let pass = runPass(host, transforms, names, excluded);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const program = host.program();
    const harmed = names.filter((name) => {
      const sf = program.getSourceFile(name);
      return sf !== undefined && sf.text !== original.get(name) && newError(ts, program, sf, baselineOf(name)) !== undefined;
    });
    if (harmed.length === 0) break;
    const finalTexts = names.map((n) => [n, program.getSourceFile(n)?.text ?? ''] as const);
    let progress = false;
    for (const name of harmed) {
      const step = firstHarmfulStep(host, pass.snapshots, name, baselineOf(name));
      const out = excluded.get(name) ?? new Set<TransformId>();
      if (!step || out.has(step.id)) continue;
      out.add(step.id);
      excluded.set(name, out);
      const reasons = stepRefusals.get(name) ?? new Map<TransformId, Site>();
      reasons.set(step.id, diagnosticSite(ts, step.sf, step.added, `${step.id} was not applied to this file: it would add a type error`));
      stepRefusals.set(name, reasons);
      progress = true;
    }
    if (!progress) {
      // No single step of the file to blame (an edit of another file, say): the put-back below decides.
      for (const [name, text] of finalTexts) host.setText(name, text);
      break;
    }
    for (const [name, text] of original) host.setText(name, text);
    pass = runPass(host, transforms, names, excluded);
  }
  // Whatever still harms after the attempts is put back as it was, file by file.
  const reverted = new Set<string>();
  for (let round = 0; round < names.length + 1; round++) {
    const program = host.program();
    const bad = names.find((name) => {
      const sf = program.getSourceFile(name);
      return sf && !reverted.has(name) && sf.text !== original.get(name) && newError(ts, program, sf, baselineOf(name));
    });
    if (!bad) break;
    const sf = program.getSourceFile(bad) as TS.SourceFile;
    refused.push(
      diagnosticSite(
        ts,
        sf,
        newError(ts, program, sf, baselineOf(bad)) as TS.Diagnostic,
        'was left untouched: its migration would add a type error',
      ),
    );
    host.setText(bad, original.get(bad) as string);
    reverted.add(bad);
  }

  const final = host.program();
  const changes = names
    .map((file) => ({
      file,
      before: original.get(file) as string,
      after: final.getSourceFile(file)?.text ?? (original.get(file) as string),
    }))
    .filter((c) => c.after !== c.before);
  const changed = new Set(changes.map((c) => c.file));
  const applied = (s: Site) => !reverted.has(s.file);
  const placers = new Map<string, (s: Site) => Site>();
  const placed = (s: Site): Site => {
    let p = placers.get(s.file);
    if (!p) placers.set(s.file, (p = placer(original.get(s.file) ?? '', final.getSourceFile(s.file)?.text ?? '')));
    return p(s);
  };
  const refusedSteps = (id: TransformId): Site[] =>
    [...stepRefusals]
      .filter(([file]) => !reverted.has(file))
      .flatMap(([, reasons]) => [...reasons].filter(([x]) => x === id).map(([, s]) => s));
  return {
    changes,
    transforms: pass.reports.map((r) => ({
      id: r.id,
      files: [...r.files].filter((f) => changed.has(f)).sort(),
      migrated: r.migrated.filter(applied),
      left: [
        ...refusedSteps(r.id),
        ...r.left.map(placed),
        ...r.migrated
          .filter((s) => !applied(s))
          .map((s) => ({ ...s, what: `${s.what}: not applied, the file's migration would add a type error` })),
      ],
      fixedBugs: r.fixedBugs.filter(applied),
    })),
    refused,
  };
}

/** The first step after which `name` had a type error it did not have before, with that error. */
function firstHarmfulStep(
  host: MigrationHost,
  snapshots: readonly Snapshot[],
  name: string,
  before: ErrorKeys,
): { id: TransformId; sf: TS.SourceFile; added: TS.Diagnostic } | undefined {
  let last: ReadonlyMap<string, string> | undefined;
  for (const snap of snapshots) {
    if (last && last.get(name) === snap.texts.get(name) && [...snap.texts].every(([n, t]) => last?.get(n) === t)) continue;
    for (const [n, t] of snap.texts) host.setText(n, t);
    last = snap.texts;
    const program = host.program();
    const sf = program.getSourceFile(name);
    const added = sf ? newError(host.ts, program, sf, before) : undefined;
    if (sf && added) return { id: snap.id, sf, added };
  }
  return undefined;
}

type ErrorKeys = Map<string, number>;

function errorKeys(ts: TypeScript, program: TS.Program, sf: TS.SourceFile): ErrorKeys {
  const keys: ErrorKeys = new Map();
  for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
    const k = `${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    keys.set(k, (keys.get(k) ?? 0) + 1);
  }
  return keys;
}

/** The first error `sf` has beyond those it had before the migration (compared by code and text, as positions move). */
function newError(ts: TypeScript, program: TS.Program, sf: TS.SourceFile, before: ErrorKeys): TS.Diagnostic | undefined {
  const left = new Map(before);
  for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const k = `${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else return d;
  }
  return undefined;
}

function diagnosticSite(ts: TypeScript, sf: TS.SourceFile, d: TS.Diagnostic, what: string): Site {
  const lc = sf.getLineAndCharacterOfPosition(d.start ?? 0);
  return {
    file: sf.fileName,
    line: lc.line + 1,
    column: lc.character + 1,
    what: `${what} (TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')})`,
  };
}
