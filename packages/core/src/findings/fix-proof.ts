// Fixes that are proven before they are offered: the edits applied to the
// file, the file parsed and type-checked again in a program that reuses
// every other file of the current one, and a fix that adds an error is
// withheld (the finding stays). A rule's fix is reasoning about code; this
// is the compiler checking that reasoning, as a person would by building.
import type { Finding, TextEdit } from '../report/finding.js';
import { applyTextEdits, nonOverlapping } from '../report/edits.js';
import type { TS, TypeScript } from '../ts.js';

export class FixProver {
  readonly #baseline = new Map<string, number>();
  readonly #verdicts = new Map<string, boolean>();
  /**
   * One module resolution cache for every proof program. Without one, each
   * program makes its own, and under `nodenext` finding each file's module
   * format looks for its package.json again, a file-system walk for every
   * file of the program, on every proof.
   */
  #resolutions: TS.ModuleResolutionCache | undefined;

  constructor(
    readonly ts: TypeScript,
    readonly program: TS.Program,
  ) {}

  /** `finding` with only the fix and suggestions that add no error. */
  prove(finding: Finding): Finding {
    if (!finding.fix && !finding.suggestions) return finding;
    const fix = finding.fix && this.holds(finding.file, finding.fix) ? finding.fix : undefined;
    const suggestions = finding.suggestions?.filter((s) => this.holds(finding.file, s.fix));
    const { fix: _fix, suggestions: _suggestions, ...rest } = finding;
    return { ...rest, ...(fix ? { fix } : {}), ...(suggestions && suggestions.length > 0 ? { suggestions } : {}) };
  }

  /**
   * `findings`, each with only the fix and suggestions that add no error. The
   * fixes are first tried all together, every file's non-overlapping fixes in
   * one program: a file whose errors do not rise has all of those fixes
   * proven at once. Only the rest are proven one by one, so a run with many
   * fixable findings builds one program, not one per fix.
   */
  proveAll(findings: readonly Finding[]): Finding[] {
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      if (!f.fix) continue;
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    if ([...byFile.values()].reduce((n, fs) => n + fs.length, 0) > 1) this.#proveTogether(byFile);
    return findings.map((f) => this.prove(f));
  }

  #proveTogether(byFile: ReadonlyMap<string, readonly Finding[]>): void {
    const texts = new Map<string, string>();
    const chosen = new Map<string, readonly Finding[]>();
    for (const [file, fs] of byFile) {
      const sf = this.program.getSourceFile(file);
      if (!sf) continue;
      const picked = nonOverlapping(fs, fixOf);
      const text = applyTextEdits(sf.text, picked.flatMap(fixOf));
      // A fix whose own edits overlap is proven on its own, where it fails.
      if (text === undefined) continue;
      texts.set(file, text);
      chosen.set(file, picked);
    }
    let program: TS.Program;
    try {
      program = this.#programWith(texts);
    } catch {
      return; // each fix is then proven on its own
    }
    for (const [file, picked] of chosen) {
      const sf = this.program.getSourceFile(file) as TS.SourceFile;
      let holds: boolean;
      try {
        holds = this.#noWorse(this.#errors(program, file), sf);
      } catch {
        holds = false;
      }
      if (!holds) continue;
      for (const f of picked) this.#verdicts.set(`${file}\0${applyTextEdits(sf.text, fixOf(f))}`, true);
    }
  }

  /** Whether applying `edits` to `fileName` leaves it with no more errors than it has now. */
  holds(fileName: string, edits: readonly TextEdit[]): boolean {
    const sf = this.program.getSourceFile(fileName);
    if (!sf) return false;
    const text = applyTextEdits(sf.text, edits);
    // Overlapping edits have no one meaning: such a fix is never offered.
    if (text === undefined) return false;
    const key = `${fileName}\0${text}`;
    const known = this.#verdicts.get(key);
    if (known !== undefined) return known;
    let verdict: boolean;
    try {
      verdict = this.#noWorse(this.#errors(this.#programWith(new Map([[sf.fileName, text]])), fileName), sf);
    } catch {
      verdict = false; // a fix the compiler cannot even check is not offered
    }
    this.#verdicts.set(key, verdict);
    return verdict;
  }

  /** Whether `after` errors are no more than `sf` has now; a clean result needs no count of the current ones (a whole check of the file). */
  #noWorse(after: number, sf: TS.SourceFile): boolean {
    return after === 0 || after <= this.#errorsNow(sf);
  }

  #errorsNow(sf: TS.SourceFile): number {
    let n = this.#baseline.get(sf.fileName);
    if (n === undefined) this.#baseline.set(sf.fileName, (n = this.#errors(this.program, sf.fileName)));
    return n;
  }

  #errors(program: TS.Program, fileName: string): number {
    const sf = program.getSourceFile(fileName);
    if (!sf) return Number.POSITIVE_INFINITY;
    const error = this.ts.DiagnosticCategory.Error;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].filter((d) => d.category === error).length;
  }

  /**
   * The current program with each file of `texts` replaced by its text. Every
   * other file comes from the current program itself (an editor's unsaved
   * buffers included), so TypeScript reuses them and checks little beyond
   * the changed files.
   */
  #programWith(texts: ReadonlyMap<string, string>): TS.Program {
    const ts = this.ts;
    const program = this.program;
    const options = program.getCompilerOptions();
    const base = ts.createCompilerHost(options);
    const slashed = (f: string): string => f.replace(/\\/g, '/');
    const changed = new Map<string, { sf: TS.SourceFile; text: string }>();
    for (const [file, text] of texts) {
      const sf = program.getSourceFile(file);
      if (sf)
        changed.set(slashed(file), {
          text,
          sf: ts.createSourceFile(
            sf.fileName,
            text,
            { languageVersion: sf.languageVersion, impliedNodeFormat: sf.impliedNodeFormat },
            true,
            scriptKindOf(ts, sf.fileName),
          ),
        });
    }
    // The lib files where this program found them: a compiler bundled without them on disk (ts-morph's) serves them from memory.
    const lib = program.getSourceFiles().find((f) => program.isSourceFileDefaultLibrary(f));
    const libDir = lib ? lib.fileName.slice(0, lib.fileName.lastIndexOf('/')) : undefined;
    const resolutions = (this.#resolutions ??= ts.createModuleResolutionCache(
      program.getCurrentDirectory(),
      (f) => base.getCanonicalFileName(f),
      options,
    ));
    const host: TS.CompilerHost = {
      ...base,
      getModuleResolutionCache: () => resolutions,
      // What TypeScript does when the host resolves nothing itself, with the cache kept across proofs.
      resolveModuleNameLiterals: (literals, containingFile, redirected, compilerOptions, containingSourceFile) => {
        const modeOptions = redirected?.commandLine.options ?? compilerOptions;
        return literals.map((literal) =>
          ts.resolveModuleName(
            literal.text,
            containingFile,
            compilerOptions,
            host,
            resolutions,
            redirected,
            ts.getModeForUsageLocation(containingSourceFile, literal, modeOptions),
          ),
        );
      },
      ...(libDir
        ? {
            getDefaultLibLocation: () => libDir,
            getDefaultLibFileName: (o: TS.CompilerOptions) => `${libDir}/${ts.getDefaultLibFileName(o)}`,
          }
        : {}),
      getSourceFile: (f, lang, ...rest) => changed.get(slashed(f))?.sf ?? program.getSourceFile(f) ?? base.getSourceFile(f, lang, ...rest),
      readFile: (f) => changed.get(slashed(f))?.text ?? base.readFile(f),
      fileExists: (f) => changed.has(slashed(f)) || program.getSourceFile(f) !== undefined || base.fileExists(f),
    };
    const references = program.getProjectReferences();
    return ts.createProgram({
      rootNames: program.getRootFileNames(),
      options,
      host,
      oldProgram: program,
      ...(references ? { projectReferences: references } : {}),
    });
  }
}

const fixOf = (f: Finding): readonly TextEdit[] => f.fix ?? [];

function scriptKindOf(ts: TypeScript, fileName: string): TS.ScriptKind {
  return /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : /\.[cm]?jsx?$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}
