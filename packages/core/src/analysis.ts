// One analysis per program, shared by every rule and every front end. It
// decides what the program's driver code is, whether drvlint can see the
// kernel API there at all, and runs the phases (see phases.ts) once for all
// rules; findings, directives and fix proofs are kept per program.
import { type Blindness, BRANCHY, blindnessOf, branchiest, checkerLimitOf } from './program/blindness.js';
import { Components, viewedProgram } from './program/components.js';
import { cachingChecker } from './program/node-cache.js';
import { ReuseAcrossPrograms } from './program/reuse.js';
import { reuseNarrowing } from './calls/narrowing.js';
import { KERNEL_MODULE, KernelImports } from './model/kernel-imports.js';
import { type KernelModel, buildKernelModel } from './model/kernel-model.js';
import { ownFileList, ownFiles } from './model/own-files.js';
import { type EnabledRule, Findings } from './findings/findings.js';
import type { Directive } from './findings/directives.js';
import { FixProver } from './findings/fix-proof.js';
import type { Finding } from './report/finding.js';
import type { RuleDefinition } from './rule/rule.js';
import type { AnalysisView } from './rule/view.js';
import { Phases } from './phases.js';
import type { TS, TypeScript } from './ts.js';

const byProgram = new WeakMap<TS.Program, Analysis>();

export class Analysis {
  readonly checker: TS.TypeChecker;
  readonly kernel: KernelModel | undefined;
  /** What rules read: the phases of the analysis, for a program that uses the kernel API (else undefined). */
  readonly view: AnalysisView | undefined;
  readonly #findings: Findings;
  /** The program's own sources (see own-files). */
  readonly #isOwn: (sf: TS.SourceFile) => boolean;
  #imports: KernelImports | undefined;
  #own: readonly TS.SourceFile[] | undefined;
  #limit: Blindness | null | undefined;
  #blindness: Blindness | null | undefined;
  #components: Components | undefined;
  #prover: FixProver | undefined;

  /** The analysis of `program`, created on first use and shared afterwards. */
  static for(ts: TypeScript, program: TS.Program): Analysis {
    let a = byProgram.get(program);
    if (!a) {
      a = new Analysis(ts, program);
      byProgram.set(program, a);
    }
    return a;
  }

  private constructor(
    readonly ts: TypeScript,
    readonly program: TS.Program,
  ) {
    this.checker = cachingChecker(program.getTypeChecker());
    // A view has its program's kernel model (the same checker, so the same symbols): built once per program, not again for
    // each view an edit makes, and whole even when the view's files reach the kernel only through an entry point such as
    // `@drvlint/kernel/legacy`, where a model of the view's own imports would find no kernel and the file no findings.
    const whole = viewedProgram(program);
    this.kernel = whole ? Analysis.for(ts, whole).kernel : buildKernelModel(ts, program, this.#kernelImports);
    this.#isOwn = ownFiles(program, this.kernel);
    const reuse = new ReuseAcrossPrograms(program, () => this.components);
    // A view shares its program's checker, and what the checker says is reused under the whole program's imports.
    if (!whole) reuseNarrowing(this.checker, reuse);
    this.view = this.kernel
      ? new Phases(ts, program, this.checker, this.kernel, this.projectDir, (sf) => this.isAnalysed(sf), reuse)
      : undefined;
    this.#findings = new Findings(ts, this.view);
  }

  /** Every kernel import of the program (for a view, asked only for its blindness). */
  get #kernelImports(): KernelImports {
    this.#imports ??= new KernelImports(this.ts, this.program);
    return this.#imports;
  }

  /**
   * The project's directory: where its tsconfig is, else the program's
   * working directory. Options that name files (globs) are relative to it.
   */
  get projectDir(): string {
    const config = this.program.getCompilerOptions().configFilePath;
    const dir =
      typeof config === 'string' ? config.slice(0, config.replace(/\\/g, '/').lastIndexOf('/')) : this.program.getCurrentDirectory();
    return dir.replace(/\\/g, '/');
  }

  /** Why drvlint cannot see the kernel API in this program (say so, never report clean), or undefined. */
  get blindness(): Blindness | undefined {
    if (this.#blindness === undefined) {
      const own = this.#isOwn;
      this.#blindness =
        blindnessOf(
          this.ts,
          this.program,
          this.ownFileCount,
          this.#kernelImports.unresolvedIn(own),
          this.#importedAs(own),
          this.kernel !== undefined,
        ) ??
        this.#checkerLimit ??
        null;
    }
    return this.#blindness ?? undefined;
  }

  #importedAs(own: (sf: TS.SourceFile) => boolean): 'none' | 'entry-points-only' | 'package' {
    if (!this.#kernelImports.anyIn(own)) return 'none';
    return this.#kernelImports.modules(KERNEL_MODULE).length > 0 ? 'package' : 'entry-points-only';
  }

  /** How many of the program's files are its own sources (see own-files). */
  get ownFileCount(): number {
    return this.#ownList.length;
  }

  /** The program's own files, in program order (see own-files). */
  get #ownList(): readonly TS.SourceFile[] {
    this.#own ??= ownFileList(this.program, this.kernel);
    return this.#own;
  }

  /** A file past TypeScript's flow-analysis limit (TS2563), found without touching this program's checker. */
  get #checkerLimit(): Blindness | undefined {
    if (this.#limit === undefined) {
      const candidates = this.#ownList.filter((sf) => branchiest(this.ts, sf) >= BRANCHY);
      this.#limit = checkerLimitOf(this.ts, this.program, candidates) ?? null;
    }
    return this.#limit ?? undefined;
  }

  /** The files whose findings drvlint reports, in program order: its own, less one past the checker's limits. */
  get analysedFiles(): readonly TS.SourceFile[] {
    const limited = this.#checkerLimit?.at?.file;
    return limited ? this.#ownList.filter((sf) => sf !== limited) : this.#ownList;
  }

  /**
   * Driver code: the program's own sources, not declarations, dependencies or
   * the kernel package; and not a file past TypeScript's flow-analysis limit,
   * where the checker can overflow its stack and be left broken for every
   * other file (its checker-limit blindness is reported instead).
   */
  isAnalysed(sf: TS.SourceFile): boolean {
    return this.#isOwn(sf) && this.#checkerLimit?.at?.file !== sf;
  }

  /**
   * The import graph of the analysed files, computed once per program: for
   * reuse across programs here, and for the front ends' caches and views.
   */
  get components(): Components {
    this.#components ??= Components.for(this.ts, this.program, this.analysedFiles);
    return this.#components;
  }

  /** The findings of `rule` on `file`, computed once per rule, file and options (see Findings). */
  findings(file: TS.SourceFile, rule: RuleDefinition, options?: readonly unknown[]): readonly Finding[] {
    return this.#findings.of(file, rule, options);
  }

  /** A rule's findings with those that a drvlint-disable comment silences taken out. */
  unsuppressed(
    file: TS.SourceFile,
    rule: RuleDefinition,
    options?: readonly unknown[],
    comments: 'all' | 'drvlint-only' = 'all',
  ): readonly Finding[] {
    return this.#findings.unsuppressed(file, rule, options, comments);
  }

  /** The file's drvlint-disable comments, parsed once. */
  directivesOf(file: TS.SourceFile): readonly Directive[] {
    return this.#findings.directivesOf(file);
  }

  /** The directives of `file` that silence a finding of one of `rules` (with their options). */
  usedDirectives(file: TS.SourceFile, rules: readonly EnabledRule[]): Set<Directive> {
    return this.#findings.usedDirectives(file, rules);
  }

  /**
   * `finding` with only the fix and suggestions that add no compile error,
   * checked by the compiler in a program that reuses this one. Front ends
   * call it where they offer a fix, so findings without one cost nothing.
   */
  proven(finding: Finding): Finding {
    this.#prover ??= new FixProver(this.ts, this.program);
    return this.#prover.prove(finding);
  }

  /** `proven` for many findings at once: their fixes are checked together in one program first (see FixProver.proveAll). */
  provenAll(findings: readonly Finding[]): Finding[] {
    this.#prover ??= new FixProver(this.ts, this.program);
    return this.#prover.proveAll(findings);
  }
}
