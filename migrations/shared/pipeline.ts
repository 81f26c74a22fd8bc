// One pass of the migration: the transforms in the contract's order, each on
// a fresh program of the text as the steps before it left it, with one shared
// Analysis per program, repeated until a round changes nothing. A later step
// can make an earlier one possible (a Revocable that became a Devres makes a
// remove() statement teardown), and a second `drvlint migrate` must change
// nothing, so the pass itself runs to that fixed point.
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

export interface StepReport {
  readonly id: TransformId;
  readonly files: Set<string>;
  readonly migrated: Site[];
  readonly left: Site[];
  readonly fixedBugs: Site[];
}

/** The texts of every selected file after one step. */
export interface Snapshot {
  readonly id: TransformId;
  readonly texts: ReadonlyMap<string, string>;
}

export interface PassResult {
  /** One report per transform, over all rounds: what was migrated in any round, what was left in the last. */
  readonly reports: readonly StepReport[];
  /** The texts after each step that changed something, in order. */
  readonly snapshots: readonly Snapshot[];
}

/** A round can only enable the next by what it changed; past this many, something oscillates (a transform's bug). */
const MAX_ROUNDS = 4;

/**
 * Run the transforms to a fixed point over `names`, leaving out, for each
 * file, the steps `excluded` names for it: their edits to that file are
 * dropped, and their sites there are reported through `skipped`.
 */
export function runPass(
  host: MigrationHost,
  transforms: readonly Transform[],
  names: readonly string[],
  excluded: ReadonlyMap<string, ReadonlySet<TransformId>>,
): PassResult {
  const { ts } = host;
  const reports = transforms.map((t): StepReport => ({ id: t.id, files: new Set(), migrated: [], left: [], fixedBugs: [] }));
  const snapshots: Snapshot[] = [];
  const isExcluded = (file: string, id: TransformId): boolean => excluded.get(file)?.has(id) === true;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    transforms.forEach((t, i) => {
      const report = reports[i] as StepReport;
      const left: Site[] = [];
      const program = host.program();
      const whole = Analysis.for(ts, program);
      const analysis = whole.view;
      if (!analysis) return;
      const files = names.map((n) => program.getSourceFile(n)).filter((f): f is TS.SourceFile => f !== undefined);
      const edits = new Map<TS.SourceFile, TextEdit[]>();
      const imports = new Map<TS.SourceFile, KernelImports>();
      const keep = (site: Site): boolean => !isExcluded(site.file, t.id);
      const cx: TransformContext = {
        analysis,
        findings: (file, rule) => whole.findings(file, rule),
        files,
        edit: (file, e) => {
          if (isExcluded(file.fileName, t.id)) return;
          const list = edits.get(file) ?? [];
          list.push(...e);
          edits.set(file, list);
        },
        migrated: (node, what) => {
          const s = siteOf(node, what);
          if (keep(s)) report.migrated.push(s);
        },
        leave: (node, why) => void left.push(siteOf(node, why)),
        fixedBug: (node, what) => {
          const s = siteOf(node, what);
          if (keep(s)) report.fixedBugs.push(s);
        },
        imports: (file) => {
          let k = imports.get(file);
          if (!k) imports.set(file, (k = new KernelImports(analysis, file)));
          return k;
        },
      };
      try {
        t.run(cx);
      } catch (e) {
        left.push({
          file: files[0]?.fileName ?? '',
          line: 1,
          column: 1,
          what: `drvlint internal error in transform ${t.id}: ${e instanceof Error ? e.message : String(e)}; nothing of it was applied`,
        });
        report.left.splice(0, report.left.length, ...left);
        return;
      }
      for (const [file, k] of imports) cx.edit(file, k.edits());
      const touched = new Set<string>();
      for (const [file, list] of edits) {
        const text = applyTextEdits(file.text, list);
        if (text === undefined) {
          left.push({
            file: file.fileName,
            line: 1,
            column: 1,
            what: `drvlint internal error in transform ${t.id}: overlapping edits; the file is left as it was for this transform`,
          });
          continue;
        }
        if (text === file.text) continue;
        host.setText(file.fileName, text);
        touched.add(file.fileName);
        report.files.add(file.fileName);
      }
      report.left.splice(0, report.left.length, ...left);
      if (touched.size === 0) return;
      changed = true;
      // Legacy imports that the step made unused go with it.
      const after = host.program();
      const a = Analysis.for(ts, after);
      for (const name of touched) {
        const sf = after.getSourceFile(name);
        const drop = sf ? unusedLegacyImports(a, sf) : [];
        const text = sf && drop.length > 0 ? applyTextEdits(sf.text, drop) : undefined;
        if (sf && text !== undefined) host.setText(name, text);
      }
      const now = host.program();
      snapshots.push({ id: t.id, texts: new Map(names.map((n) => [n, now.getSourceFile(n)?.text ?? ''])) });
    });
    if (!changed) break;
  }
  return { reports, snapshots };
}
