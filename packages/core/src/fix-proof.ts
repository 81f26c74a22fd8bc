// Fixes that are proven before they are offered: the edits applied to the
// file, the file parsed and type-checked again in a program that reuses
// every other file of the current one, and a fix that adds an error is
// withheld (the finding stays). A rule's fix is reasoning about code; this
// is the compiler checking that reasoning, as a person would by building.
import type { Finding, TextEdit } from './rule.js';
import type { TS, TypeScript } from './ts.js';

export class FixProver {
  readonly #baseline = new Map<string, number>();
  readonly #verdicts = new Map<string, boolean>();

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

  /** Whether applying `edits` to `fileName` leaves it with no more errors than it has now. */
  holds(fileName: string, edits: readonly TextEdit[]): boolean {
    const sf = this.program.getSourceFile(fileName);
    if (!sf) return false;
    const text = apply(sf.text, edits);
    const key = `${fileName}\0${text}`;
    const known = this.#verdicts.get(key);
    if (known !== undefined) return known;
    let verdict: boolean;
    try {
      verdict = this.#errors(this.#programWith(sf, text), fileName) <= this.#errorsNow(sf);
    } catch {
      verdict = false; // a fix the compiler cannot even check is not offered
    }
    this.#verdicts.set(key, verdict);
    return verdict;
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
   * The current program with `sf` replaced by `text`. Every other file comes
   * from the current program itself (an editor's unsaved buffers included),
   * so TypeScript reuses them and checks little beyond the changed file.
   */
  #programWith(sf: TS.SourceFile, text: string): TS.Program {
    const ts = this.ts;
    const program = this.program;
    const options = program.getCompilerOptions();
    const base = ts.createCompilerHost(options);
    const same = (f: string): boolean => f === sf.fileName || f.replace(/\\/g, '/') === sf.fileName.replace(/\\/g, '/');
    const changed = ts.createSourceFile(sf.fileName, text, { languageVersion: sf.languageVersion, impliedNodeFormat: sf.impliedNodeFormat }, true, scriptKindOf(ts, sf.fileName));
    const host: TS.CompilerHost = {
      ...base,
      getSourceFile: (f, lang, ...rest) => (same(f) ? changed : (program.getSourceFile(f) ?? base.getSourceFile(f, lang, ...rest))),
      readFile: (f) => (same(f) ? text : base.readFile(f)),
      fileExists: (f) => same(f) || program.getSourceFile(f) !== undefined || base.fileExists(f),
    };
    const references = program.getProjectReferences();
    return ts.createProgram({ rootNames: program.getRootFileNames(), options, host, oldProgram: program, ...(references ? { projectReferences: references } : {}) });
  }
}

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function scriptKindOf(ts: TypeScript, fileName: string): TS.ScriptKind {
  return /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : /\.[cm]?jsx?$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}
