// The migration run: the transforms in the contract's order, each on a fresh
// program of the text as the transforms before it left it, with one shared
// Analysis per program. Then do no harm: a file whose migration adds a type
// error is put back as it was and reported, until none does.
import { Analysis, type TS, type TextEdit, type TransformId, type TypeScript, applyTextEdits } from '@drvlint/core';
import { KernelImports, unusedLegacyImports } from './imports.js';
import { type Site, type Transform, type TransformContext, siteOf } from './transform.js';

/** Where the program comes from: the CLI gives a ts-morph project; tests can give anything that rebuilds. */
export interface MigrationHost {
  readonly ts: TypeScript;
  /** The program as it stands, with every `setText` so far. */
  program(): TS.Program;
  setText(fileName: string, text: string): void;
}

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
  /** Files left untouched as a whole, with why: syntax errors, or a migration that would add a type error. */
  readonly refused: readonly Site[];
}

const MAX_REVERT_ROUNDS = 8;

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
  const reports: { id: TransformId; files: Set<string>; migrated: Site[]; left: Site[]; fixedBugs: Site[] }[] = [];

  for (const t of transforms) {
    const report = { id: t.id, files: new Set<string>(), migrated: [] as Site[], left: [] as Site[], fixedBugs: [] as Site[] };
    reports.push(report);
    const program = host.program();
    const whole = Analysis.for(ts, program);
    const analysis = whole.view;
    if (!analysis) break;
    const files = names.map((n) => program.getSourceFile(n)).filter((f): f is TS.SourceFile => f !== undefined);
    const edits = new Map<TS.SourceFile, TextEdit[]>();
    const imports = new Map<TS.SourceFile, KernelImports>();
    const cx: TransformContext = {
      analysis,
      findings: (file, rule) => whole.findings(file, rule),
      files,
      edit: (file, e) => {
        const list = edits.get(file) ?? [];
        list.push(...e);
        edits.set(file, list);
      },
      migrated: (node, what) => void report.migrated.push(siteOf(node, what)),
      leave: (node, why) => void report.left.push(siteOf(node, why)),
      fixedBug: (node, what) => void report.fixedBugs.push(siteOf(node, what)),
      imports: (file) => {
        let k = imports.get(file);
        if (!k) imports.set(file, (k = new KernelImports(analysis, file)));
        return k;
      },
    };
    try {
      t.run(cx);
    } catch (e) {
      report.left.push({
        file: files[0]?.fileName ?? '',
        line: 1,
        column: 1,
        what: `drvlint internal error in transform ${t.id}: ${e instanceof Error ? e.message : String(e)}; nothing of it was applied`,
      });
      continue;
    }
    for (const [file, k] of imports) cx.edit(file, k.edits());
    for (const [file, list] of edits) {
      const text = applyTextEdits(file.text, list);
      if (text === undefined) {
        report.left.push({
          file: file.fileName,
          line: 1,
          column: 1,
          what: `drvlint internal error in transform ${t.id}: overlapping edits; the file is left as it was for this transform`,
        });
        continue;
      }
      if (text === file.text) continue;
      host.setText(file.fileName, text);
      report.files.add(file.fileName);
    }
    // Legacy imports that the transform made unused go with it.
    if (report.files.size > 0) {
      const after = host.program();
      const a = Analysis.for(ts, after);
      for (const name of report.files) {
        const sf = after.getSourceFile(name);
        const drop = sf ? unusedLegacyImports(a, sf) : [];
        const text = sf && drop.length > 0 ? applyTextEdits(sf.text, drop) : undefined;
        if (sf && text !== undefined) host.setText(name, text);
      }
    }
  }

  // Do no harm: put back, as a whole, each file whose migration adds a type error.
  const reverted = new Set<string>();
  for (let round = 0; round < MAX_REVERT_ROUNDS; round++) {
    const program = host.program();
    let any = false;
    for (const name of names) {
      const sf = program.getSourceFile(name);
      if (!sf || reverted.has(name) || sf.text === original.get(name)) continue;
      const added = newErrors(ts, program, sf, baseline.get(name) ?? new Map<string, number>());
      if (!added) continue;
      refused.push(diagnosticSite(ts, sf, added, 'was left untouched: its migration would add a type error'));
      host.setText(name, original.get(name) as string);
      reverted.add(name);
      any = true;
    }
    if (!any) break;
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
  const keepIn = (sites: Site[]) => sites.filter((s) => !reverted.has(s.file));
  return {
    changes,
    transforms: reports.map((r) => ({
      id: r.id,
      files: [...r.files].filter((f) => changed.has(f)).sort(),
      migrated: keepIn(r.migrated),
      left: [
        ...r.left,
        ...r.migrated
          .filter((s) => reverted.has(s.file))
          .map((s) => ({ ...s, what: `${s.what}: not applied, the file's migration would add a type error` })),
      ],
      fixedBugs: keepIn(r.fixedBugs),
    })),
    refused,
  };
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
function newErrors(ts: TypeScript, program: TS.Program, sf: TS.SourceFile, before: ErrorKeys): TS.Diagnostic | undefined {
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
