// A program's findings, by file, rule and options: each rule runs once per
// file however many front-end passes ask (ESLint asks per rule, the CLI and
// the editor per file), and the file's drvlint-disable comments are parsed
// once and applied here.
import type { Finding } from '../report/finding.js';
import type { RuleDefinition } from '../rule/rule.js';
import type { AnalysisView } from '../rule/view.js';
import type { TS, TypeScript } from '../ts.js';
import { type Directive, parseDirectives, suppressing } from './directives.js';
import { NO_FINDINGS, runRule } from './run-rule.js';

export interface EnabledRule {
  readonly definition: RuleDefinition;
  readonly options: readonly unknown[];
}

export class Findings {
  /** By file, then rule and options: a key per file and rule would repeat the file's name thousands of times. */
  readonly #findings = new Map<TS.SourceFile, Map<string, readonly Finding[]>>();
  readonly #directives = new Map<TS.SourceFile, readonly Directive[]>();

  constructor(
    readonly ts: TypeScript,
    /** Undefined for a program that does not use the kernel API: it has no findings. */
    readonly view: AnalysisView | undefined,
  ) {}

  of(file: TS.SourceFile, rule: RuleDefinition, options: readonly unknown[] = rule.meta.defaultOptions): readonly Finding[] {
    const view = this.view;
    if (!view?.isAnalysed(file)) return NO_FINDINGS;
    const key = `${rule.meta.id}\0${JSON.stringify(options)}`;
    let ofFile = this.#findings.get(file);
    if (!ofFile) this.#findings.set(file, (ofFile = new Map<string, readonly Finding[]>()));
    let found = ofFile.get(key);
    if (!found) ofFile.set(key, (found = runRule(view, file, rule, options)));
    return found;
  }

  directivesOf(file: TS.SourceFile): readonly Directive[] {
    let d = this.#directives.get(file);
    if (!d) this.#directives.set(file, (d = parseDirectives(this.ts, file)));
    return d;
  }

  /** The directives of `file` that silence a finding of one of `rules`. */
  usedDirectives(file: TS.SourceFile, rules: readonly EnabledRule[]): Set<Directive> {
    // Only drvlint's own comments are judged used or not; ESLint judges its own.
    const directives = this.directivesOf(file).filter((d) => d.source === 'drvlint');
    const used = new Set<Directive>();
    if (directives.length === 0) return used;
    for (const r of rules) {
      for (const f of this.of(file, r.definition, r.options)) {
        const d = suppressing(file, directives, f);
        if (d) used.add(d);
      }
    }
    return used;
  }

  /**
   * A rule's findings with those that a suppression comment silences taken
   * out. `drvlint-only`: ESLint's own comments are left to ESLint, which
   * must see what they silence to tell an unused one.
   */
  unsuppressed(
    file: TS.SourceFile,
    rule: RuleDefinition,
    options?: readonly unknown[],
    comments: 'all' | 'drvlint-only' = 'all',
  ): readonly Finding[] {
    const all = this.of(file, rule, options);
    const directives = comments === 'all' ? this.directivesOf(file) : this.directivesOf(file).filter((d) => d.source === 'drvlint');
    return directives.length === 0 ? all : all.filter((f) => !suppressing(file, directives, f));
  }
}
