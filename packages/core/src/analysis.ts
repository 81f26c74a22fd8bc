// One analysis per program, shared by every rule and every front end. Each
// file is indexed once; type facts, driver discovery and summaries are
// computed once for the program and reused by all rules.
import { type Blindness, blindnessOf, BRANCHY, branchiest, checkerLimitOf } from './blindness.js';
import { type Cfg, buildCfg } from './cfg.js';
import { implementationOf, mayRun, soleDeclaration } from './callee-types.js';
import { Components, viewedProgram } from './components.js';
import { Fallibility } from './fallible.js';
import { FixProver } from './fix-proof.js';
import { cachingChecker } from './node-cache.js';
import { type FunctionItems, FunctionItemsIndex } from './function-items.js';
import { type Directive, parseDirectives, suppressing } from './directives.js';
import { type DriverModel, discoverDrivers } from './drivers.js';
import { type FileIndex, TIMERS, indexFile } from './file-index.js';
import { KERNEL_MODULE, KernelImports } from './kernel-imports.js';
import { ownFileList, ownFiles } from './own-files.js';
import { type DeferringApi, type KernelModel, buildKernelModel } from './kernel-model.js';
import { type Finding, INTERNAL_ERROR_MESSAGE, INTERNAL_ERROR_MESSAGE_ID, type Report, type RuleDefinition, formatMessage, sentenceData } from './rule.js';
import { Summaries } from './summaries.js';
import { type FunctionNode, isDiscarded, isFunctionNode } from './syntax.js';
import type { TS, TypeScript } from './ts.js';
import { TeardownFacts } from './teardown-facts.js';
import { TeardownFlow } from './teardown-flow.js';
import { TypeFacts } from './type-facts.js';
import { Values } from './values.js';
import { World } from './world.js';

const byProgram = new WeakMap<TS.Program, Analysis>();

/**
 * File indexes across programs. TypeScript reuses the source file objects of
 * unchanged files when an editor or `eslint --fix` makes a new program; an
 * index (AST nodes, and what the checker said about them) still holds while
 * every file its file imports, transitively, is the same object, so an edit
 * re-indexes the edited file and the files that import it, not the project.
 */
const earlierIndexes = new WeakMap<TS.SourceFile, { readonly index: FileIndex; readonly imports: readonly TS.SourceFile[] }>();
/** Likewise the calls that define drivers and modules in each file (see discoverDrivers). */
const earlierDiscoveries = new WeakMap<TS.SourceFile, { readonly found: readonly TS.CallExpression[]; readonly imports: readonly TS.SourceFile[] }>();

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

export class Analysis {
  readonly checker: TS.TypeChecker;
  readonly kernel: KernelModel | undefined;
  readonly world: World;
  readonly #facts: TypeFacts | undefined;
  #imports: KernelImports | undefined;
  /** Every kernel import of the program (for a view, asked only for its blindness). */
  get #kernelImports(): KernelImports {
    this.#imports ??= new KernelImports(this.ts, this.program);
    return this.#imports;
  }
  /** The program's own sources (see own-files). */
  readonly #isOwn: (sf: TS.SourceFile) => boolean;
  #values: Values | undefined;
  #drivers: DriverModel | undefined;
  #summaries: Summaries | undefined;
  #teardown: TeardownFacts | undefined;
  #teardownFlow: TeardownFlow | undefined;
  readonly #cfgs = new Map<FunctionNode, Cfg>();
  #fallible: Fallibility | undefined;
  #items: FunctionItemsIndex | undefined;

  get #functionItems(): FunctionItemsIndex {
    this.#items ??= new FunctionItemsIndex(this.ts, (f) => this.indexOf(f));
    return this.#items;
  }
  #prover: FixProver | undefined;
  #callers: Map<FunctionNode, (TS.CallExpression | TS.NewExpression)[]> | undefined;
  #blindness: Blindness | null | undefined;
  readonly #indexes = new Map<TS.SourceFile, FileIndex>();
  /** By file, then rule and options: a key per file and rule would repeat the file's name thousands of times. */
  readonly #findings = new Map<TS.SourceFile, Map<string, readonly Finding[]>>();
  readonly #directives = new Map<TS.SourceFile, readonly Directive[]>();

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
    this.world = new World(ts, this.checker);
    this.#facts = this.kernel ? new TypeFacts(ts, this.checker, this.kernel) : undefined;
  }

  /** Type facts; only asked for when the program uses the kernel API. */
  get facts(): TypeFacts {
    if (!this.#facts) throw new Error('no @drvlint/kernel in this program');
    return this.#facts;
  }

  /**
   * The project's directory: where its tsconfig is, else the program's
   * working directory. Options that name files (globs) are relative to it.
   */
  get projectDir(): string {
    const config = this.program.getCompilerOptions().configFilePath;
    const dir = typeof config === 'string' ? config.slice(0, config.replace(/\\/g, '/').lastIndexOf('/')) : this.program.getCurrentDirectory();
    return dir.replace(/\\/g, '/');
  }

  /** Why drvlint cannot see the kernel API in this program (say so, never report clean), or undefined. */
  get blindness(): Blindness | undefined {
    if (this.#blindness === undefined) {
      const own = this.#isOwn;
      this.#blindness = blindnessOf(this.ts, this.program, this.ownFileCount, this.#kernelImports.unresolvedIn(own), this.#importedAs(own), this.kernel !== undefined) ?? this.#checkerLimit ?? null;
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

  #own: readonly TS.SourceFile[] | undefined;

  /** The program's own files, in program order (see own-files). */
  get #ownList(): readonly TS.SourceFile[] {
    this.#own ??= ownFileList(this.program, this.kernel);
    return this.#own;
  }

  #limit: Blindness | null | undefined;

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

  get drivers(): DriverModel {
    this.#drivers ??= discoverDrivers(this.ts, this.program, this.facts, (sf) => this.isAnalysed(sf), (sf) => this.indexOf(sf).calls, {
      earlier: (sf) => {
        const e = earlierDiscoveries.get(sf);
        return e && this.#sameImports(sf, e.imports) ? e.found : undefined;
      },
      remember: (sf, found) => earlierDiscoveries.set(sf, { found, imports: this.#importsOf(sf) }),
    });
    return this.#drivers;
  }

  get values(): Values {
    // Self types must be known before any value is classified.
    void this.drivers;
    this.#values ??= new Values(this.ts, this.checker, this.facts, (fn) => this.drivers.callbacks.get(fn)?.role);
    return this.#values;
  }

  get teardown(): TeardownFacts {
    this.#teardown ??= new TeardownFacts(this.ts, this.checker, this.facts.kernel);
    return this.#teardown;
  }

  get teardownFlow(): TeardownFlow {
    this.#teardownFlow ??= new TeardownFlow({ ts: this.ts, checker: this.checker, teardown: this.teardown, cfgOf: (f) => this.cfgOf(f), calleeOf: (c) => this.calleeOf(c) });
    return this.#teardownFlow;
  }

  /** The file's drvlint-disable comments, parsed once. */
  directivesOf(file: TS.SourceFile): readonly Directive[] {
    let d = this.#directives.get(file);
    if (!d) this.#directives.set(file, (d = parseDirectives(this.ts, file)));
    return d;
  }

  /** The directives of `file` that silence a finding of one of `rules` (with their options). */
  usedDirectives(file: TS.SourceFile, rules: readonly { readonly definition: RuleDefinition; readonly options: readonly unknown[] }[]): Set<Directive> {
    const directives = this.directivesOf(file);
    const used = new Set<Directive>();
    if (directives.length === 0) return used;
    for (const r of rules) {
      for (const f of this.findings(file, r.definition, r.options)) {
        const d = suppressing(file, directives, f);
        if (d) used.add(d);
      }
    }
    return used;
  }

  /** A rule's findings with those that a drvlint-disable comment silences taken out. */
  unsuppressed(file: TS.SourceFile, rule: RuleDefinition, options?: readonly unknown[]): readonly Finding[] {
    const all = this.findings(file, rule, options);
    const directives = this.directivesOf(file);
    return directives.length === 0 ? all : all.filter((f) => !suppressing(file, directives, f));
  }

  /** The control-flow graph of a function, built once. */
  cfgOf(fn: FunctionNode): Cfg {
    let g = this.#cfgs.get(fn);
    if (!g) this.#cfgs.set(fn, (g = buildCfg(this.ts, fn)));
    return g;
  }

  /** The calls, writes, deferrals, variables and returns inside `fn` (nested functions included), found without scanning the file. */
  itemsOf(fn: FunctionNode): FunctionItems {
    return this.#functionItems.of(fn);
  }

  /** The innermost function around `n` (not `n` itself); constant time for nodes of the file index. */
  functionAround(n: TS.Node): FunctionNode | undefined {
    return this.#functionItems.ownerOf(n);
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

  /** Which calls can throw: for treating fallible calls in probe as error paths. */
  get fallible(): Fallibility {
    this.#fallible ??= new Fallibility({ ts: this.ts, checker: this.checker, calleeOf: (c) => this.calleeOf(c), kernelCallee: (c) => this.kernelCallee(c) });
    return this.#fallible;
  }

  get summaries(): Summaries {
    this.#summaries ??= new Summaries({
      ts: this.ts,
      checker: this.checker,
      world: this.world,
      indexOf: (f) => this.indexOf(f),
      itemsOf: (f) => this.itemsOf(f),
      calleeOf: (c) => this.calleeOf(c),
    });
    return this.#summaries;
  }

  indexOf(file: TS.SourceFile): FileIndex {
    let idx = this.#indexes.get(file);
    if (!idx) idx = this.#earlierIndex(file);
    if (!idx) {
      idx = indexFile(
        {
          ts: this.ts,
          checker: this.checker,
          isTimer: (callee) => this.world.isPlatformGlobal(callee, TIMERS),
          deferringParams: (call) => this.#deferring(call),
        },
        file,
      );
      this.#indexes.set(file, idx);
      earlierIndexes.set(file, { index: idx, imports: this.#importsOf(file) });
    }
    return idx;
  }

  #components: Components | undefined;

  /**
   * The import graph of the analysed files, computed once per program: for
   * reuse across programs here, and for the front ends' caches and views.
   */
  get components(): Components {
    this.#components ??= Components.for(this.ts, this.program, this.analysedFiles);
    return this.#components;
  }

  readonly #importFiles = new Map<readonly string[], readonly TS.SourceFile[]>();

  /** What `file`'s own facts depend on (its forward import closure), as source file objects: one array per distinct set. */
  #importsOf(file: TS.SourceFile): readonly TS.SourceFile[] {
    const names = this.components.forward(file.fileName);
    let g = this.#importFiles.get(names);
    if (!g) this.#importFiles.set(names, (g = names.map((f) => this.program.getSourceFile(f)).filter((f): f is TS.SourceFile => f !== undefined)));
    return g;
  }

  readonly #sameSets = new Map<readonly TS.SourceFile[], Map<readonly TS.SourceFile[], boolean>>();

  /** The index an earlier program made of this very file object, if nothing it imports changed. */
  #earlierIndex(file: TS.SourceFile): FileIndex | undefined {
    const earlier = earlierIndexes.get(file);
    if (!earlier || !this.#sameImports(file, earlier.imports)) return undefined;
    this.#indexes.set(file, earlier.index);
    return earlier.index;
  }

  /** Whether the files `file` imports, transitively, are in this program exactly `before`, object for object. */
  #sameImports(file: TS.SourceFile, before: readonly TS.SourceFile[]): boolean {
    const now = this.#importsOf(file);
    // Compared once per pair of sets, not once per file: one big set shared by many files would make it quadratic.
    let byNow = this.#sameSets.get(before);
    if (!byNow) this.#sameSets.set(before, (byNow = new Map()));
    let same = byNow.get(now);
    if (same === undefined) byNow.set(now, (same = now.length === before.length && now.every((f, i) => f === before[i])));
    return same;
  }

  /** The function a call runs, when it is known: a declaration with a body in the program. */
  calleeOf(call: TS.CallExpression | TS.NewExpression): FunctionNode | undefined {
    // Asked about each call by several rules (210,000 asks for 56,000 calls at 1,000 drivers): answered once.
    let found = this.#callees.get(call);
    if (found === undefined) this.#callees.set(call, (found = this.#calleeOf(call) ?? null));
    return found ?? undefined;
  }

  readonly #callees = new Map<TS.Node, FunctionNode | null>();

  #calleeOf(call: TS.CallExpression | TS.NewExpression): FunctionNode | undefined {
    // Most calls go to the kernel, the library or a dependency: their callee's type says so without resolving them.
    if (!mayRun(this.ts, this.checker, call, (d) => isFunctionNode(this.ts, d) && this.isAnalysed(d.getSourceFile()))) return undefined;
    const decl = this.#declarationRun(call);
    return decl ? this.implementationOf(decl) : undefined;
  }

  /** The declaration a call resolves to: read from the callee when only one can be (see soleDeclaration), else resolved. */
  #declarationRun(call: TS.CallExpression | TS.NewExpression): TS.SignatureDeclaration | undefined {
    return soleDeclaration(this.ts, this.checker, call) ?? this.checker.getResolvedSignature(call)?.getDeclaration();
  }

  /**
   * The body that runs when `decl` is called, in the program's driver code:
   * its own, or for an overload signature (which has none) the
   * implementation's, which runs whichever overload a call picks.
   */
  implementationOf(decl: TS.SignatureDeclaration): FunctionNode | undefined {
    const impl = implementationOf(this.ts, this.checker, decl);
    return impl && this.isAnalysed(impl.getSourceFile()) ? impl : undefined;
  }

  /** The calls in the program's driver code that run `fn`, found by resolving every call once. */
  callersOf(fn: FunctionNode): readonly (TS.CallExpression | TS.NewExpression)[] {
    if (!this.#callers) {
      const byCallee = new Map<FunctionNode, (TS.CallExpression | TS.NewExpression)[]>();
      for (const sf of this.program.getSourceFiles()) {
        if (!this.isAnalysed(sf)) continue;
        for (const call of this.indexOf(sf).calls) {
          const callee = this.calleeOf(call);
          if (!callee) continue;
          const list = byCallee.get(callee);
          if (list) list.push(call);
          else byCallee.set(callee, [call]);
        }
      }
      this.#callers = byCallee;
    }
    return this.#callers.get(fn) ?? [];
  }

  /**
   * The kernel declaration a call resolves to (through aliases, re-exports
   * and wrappers' types). `among`: the declarations the caller looks for; a
   * call that cannot run one of them gives undefined without being resolved.
   */
  kernelCallee(call: TS.CallExpression | TS.NewExpression, among?: { has(d: TS.Declaration): boolean }): TS.Declaration | undefined {
    const kernel = this.kernel;
    // Only calls that may run the kernel (or one of `among`) are resolved: see callee-types.
    if (!kernel || !mayRun(this.ts, this.checker, call, among ? (d) => among.has(d) : (d) => kernel.isKernelFile(d.getSourceFile().fileName))) return undefined;
    const decl = this.#declarationRun(call);
    if (!decl || !kernel.isKernelFile(decl.getSourceFile().fileName)) return undefined;
    return decl;
  }

  #deferring(call: TS.CallExpression): { params: readonly number[]; sink: string; dropped: boolean; role: DeferringApi['role'] } | undefined {
    // Asked of every call in the program: only calls that may run a deferring API are resolved.
    const apis = this.kernel?.deferringParams;
    const d = apis && this.kernelCallee(call, apis);
    const api = d && apis.get(d);
    if (!d || !api) return undefined;
    const dropped = this.kernel?.enqueues.has(d) === true && isDiscarded(this.ts, call);
    return { params: api.params, sink: call.expression.getText(), dropped, role: api.role };
  }

  /**
   * The findings of `rule` on `file`. Computed once per rule, file and
   * options; a rule that throws yields one internal-error finding instead of
   * taking the run down.
   */
  findings(file: TS.SourceFile, rule: RuleDefinition, options: readonly unknown[] = rule.meta.defaultOptions): readonly Finding[] {
    if (!this.kernel || !this.isAnalysed(file)) return NO_FINDINGS;
    const key = `${rule.meta.id}\0${JSON.stringify(options)}`;
    let ofFile = this.#findings.get(file);
    if (!ofFile) this.#findings.set(file, (ofFile = new Map()));
    const cached = ofFile.get(key);
    if (cached) return cached;
    const out: Finding[] = [];
    const seen = new Set<string>();
    const report = (r: Report<string>): void => {
      const start = 'kind' in r.node ? r.node.getStart(file) : r.node.start;
      const template = rule.meta.messages[r.messageId] ?? r.messageId;
      const data = sentenceData(template, r.data ?? {});
      const id = `${start}:${r.node.end}:${r.messageId}:${JSON.stringify(data)}`;
      if (seen.has(id)) return;
      seen.add(id);
      out.push({
        ruleId: rule.meta.id,
        messageId: r.messageId,
        data,
        message: formatMessage(template, data),
        file: file.fileName,
        start,
        end: r.node.end,
        related: (r.related ?? []).map((x) => ({ file: x.node.getSourceFile().fileName, start: x.node.getStart(), end: x.node.end, message: x.message })),
        ...(r.fix ? { fix: r.fix } : {}),
        ...(r.suggestions
          ? {
              suggestions: r.suggestions.map((s) => {
                const t = rule.meta.messages[s.messageId] ?? s.messageId;
                const d = sentenceData(t, s.data ?? {});
                return { messageId: s.messageId, data: d, message: formatMessage(t, d), fix: s.fix };
              }),
            }
          : {}),
      });
    };
    try {
      rule.check({ analysis: this, file, index: this.indexOf(file), options, report });
    } catch (e) {
      const data = { rule: rule.meta.id, error: e instanceof Error ? e.message : String(e) };
      out.length = 0;
      out.push({ ruleId: rule.meta.id, messageId: INTERNAL_ERROR_MESSAGE_ID, data, message: formatMessage(INTERNAL_ERROR_MESSAGE, data), file: file.fileName, start: 0, end: 0, related: [], ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) });
    }
    out.sort((a, b) => a.start - b.start || a.end - b.end);
    // Most files are clean for most rules: one shared empty answer, not thousands.
    const result = out.length === 0 ? NO_FINDINGS : out;
    ofFile.set(key, result);
    return result;
  }
}
