// The static half: each mutant analysed once, in process, with the shared
// Analysis and every rule at its defaults. Programs are built over the
// group's files only, reusing the previous program (and a cache of unchanged
// source files) so the kernel and lib declarations are parsed once.
import path from 'node:path';
import type ts from 'typescript';
import { Analysis, type Finding } from '@drvlint/core';
import { rules } from '@drvlint/rules';
import type { Group } from './groups.js';
import type { Mutant } from './mutants.js';

type TS = typeof ts;

export interface StaticVerdict {
  /** Type errors in the files the mutant changed or added: a mutant must type-check. */
  readonly typeErrors: readonly string[];
  readonly findings: readonly Finding[];
  readonly internalErrors: readonly string[];
  /** Why drvlint could not look, if it could not (then the mutant is not analysed). */
  readonly blind?: string;
}

export class StaticOracle {
  readonly #unchanged = new Map<string, ts.SourceFile | undefined>();
  #previous: ts.Program | undefined;

  constructor(
    readonly ts: TS,
    readonly options: ts.CompilerOptions,
    readonly srcDir: string,
  ) {}

  /** A program over `group`'s files with `changes` (src-relative path → text) laid over the disk. */
  program(group: Group, changes: ReadonlyMap<string, string> = new Map()): { program: ts.Program; analysis: Analysis } {
    const ts = this.ts;
    const overlay = new Map([...changes].map(([rel, text]) => [path.join(this.srcDir, rel), text]));
    const host = ts.createCompilerHost(this.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (f, lang, ...rest) => {
      const abs = path.resolve(f);
      const text = overlay.get(abs);
      if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
      if (!this.#unchanged.has(abs)) this.#unchanged.set(abs, getSourceFile(f, lang, ...rest));
      return this.#unchanged.get(abs);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (f) => overlay.has(path.resolve(f)) || fileExists(f);
    // Folders that only the overlay has (a generated program's) exist for module resolution too.
    const directoryExists = host.directoryExists?.bind(host);
    host.directoryExists = (d) =>
      [...overlay.keys()].some((f) => f.startsWith(`${path.resolve(d)}${path.sep}`)) || (directoryExists?.(d) ?? false);
    const readFile = host.readFile.bind(host);
    host.readFile = (f) => overlay.get(path.resolve(f)) ?? readFile(f);
    const rootNames = [...new Set([...group.files.map((f) => path.join(this.srcDir, f)), ...overlay.keys()])];
    const program = ts.createProgram({ rootNames, options: this.options, host, ...(this.#previous ? { oldProgram: this.#previous } : {}) });
    this.#previous = program;
    return { program, analysis: Analysis.for(ts, program) };
  }

  check(group: Group, mutant: Pick<Mutant, 'files'> | undefined): StaticVerdict {
    const { program, analysis } = this.program(group, mutant?.files);
    const typeErrors: string[] = [];
    for (const rel of mutant?.files.keys() ?? []) {
      const sf = program.getSourceFile(path.join(this.srcDir, rel));
      if (!sf) {
        typeErrors.push(`${rel}: not in the program`);
        continue;
      }
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        if (d.category !== this.ts.DiagnosticCategory.Error) continue;
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
        typeErrors.push(`${rel}:${line}: TS${d.code} ${this.ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      }
    }
    if (analysis.blindness) return { typeErrors, findings: [], internalErrors: [], blind: analysis.blindness.message };
    const findings: Finding[] = [];
    const internalErrors: string[] = [];
    for (const sf of program.getSourceFiles()) {
      if (!analysis.isAnalysed(sf)) continue;
      for (const rule of Object.values(rules)) {
        for (const f of analysis.findings(sf, rule)) {
          if (f.messageId === 'internalError') internalErrors.push(f.message);
          else findings.push(f);
        }
      }
    }
    return { typeErrors, findings, internalErrors };
  }
}
