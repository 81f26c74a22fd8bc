// The analysis of one program that uses the kernel API, as phases in the
// order they depend on each other. Each phase is computed on first use and
// then kept; what a phase needs from an earlier one is handed to it when it
// is made, so no phase changes another's results after the fact:
//
//   1. file index     each file's calls, writes, deferrals, … (one walk a file)
//   2. discovery      driver descriptors and callbacks, and the Self types
//   3. type facts     what a type says about scope, given discovery's Self types
//   4. values         what a value holds, through aliases and captures
//   5. summaries      what a helper does with its parameters, across files
//   6. flow           control-flow graphs, teardown paths, fallible calls
//
// Rules read it through `AnalysisView`; the program-level work (blindness,
// findings, fix proofs) is the Analysis's.
import { implementationOf, mayRun, soleDeclaration, soleImplementation } from './calls/callee-types.js';
import { type DriverModel, discoverDrivers } from './discovery/drivers.js';
import { type FileIndex, TIMERS, indexFile } from './facts/file-index.js';
import { type FunctionItems, FunctionItemsIndex } from './facts/function-items.js';
import { TeardownFacts } from './facts/teardown-facts.js';
import { TypeFacts } from './facts/type-facts.js';
import { World } from './facts/world.js';
import { type Cfg, buildCfg } from './flow/cfg.js';
import { Fallibility } from './flow/fallible.js';
import { TeardownFlow } from './flow/teardown-flow.js';
import { type DeferringApi, type KernelModel, symbolAt } from './model/kernel-model.js';
import type { Remembered, ReuseAcrossPrograms } from './program/reuse.js';
import type { AnalysisView } from './rule/view.js';
import { type FunctionNode, accessRoot, isDiscarded, isFunctionNode, skipOuter } from './syntax/syntax.js';
import { isExported, literalMember } from './calls/literal-members.js';
import type { TS, TypeScript } from './ts.js';
import { type Invocation, Summaries, type WorldHandoff, receiverOf } from './values/summaries.js';
import { appliedCall, callsBeforeReturning, unseenHandoff, worldStorageOf } from './reach/handoffs.js';
import { clearedBeforeItRuns } from './reach/cleared-timers.js';
import { Values } from './values/values.js';

type Call = TS.CallExpression | TS.NewExpression;

/** File indexes and the calls that define drivers, by file object, for the next program (see ReuseAcrossPrograms). */
const earlierIndexes: Remembered<FileIndex> = new WeakMap();
const earlierDiscoveries: Remembered<readonly TS.CallExpression[]> = new WeakMap();
/**
 * What each call of a file runs, by file object, for the next program: a
 * callee is a body the call's file reaches through its imports, so the
 * answer holds while they are the same objects. A new program then resolves
 * only the calls of the files an edit changed and of those that import them.
 */
const earlierCallees: Remembered<Map<TS.Node, FunctionNode | null>> = new WeakMap();

export class Phases implements AnalysisView {
  readonly world: World;
  readonly #indexes = new Map<TS.SourceFile, FileIndex>();
  readonly #cfgs = new Map<FunctionNode, Cfg>();
  readonly #calleesByFile = new Map<TS.SourceFile, Map<TS.Node, FunctionNode | null>>();
  readonly #items: FunctionItemsIndex;
  #drivers: DriverModel | undefined;
  #facts: TypeFacts | undefined;
  #values: Values | undefined;
  #summaries: Summaries | undefined;
  #teardown: TeardownFacts | undefined;
  #teardownFlow: TeardownFlow | undefined;
  #fallible: Fallibility | undefined;
  readonly #deferred = new WeakMap<TS.SourceFile, ReadonlySet<TS.Node>>();
  #callers: Map<FunctionNode, Call[]> | undefined;
  #written: ReadonlySet<TS.Symbol> | undefined;
  readonly #writtenByFile = new Map<TS.SourceFile, ReadonlySet<TS.Symbol>>();
  readonly #calleesAcrossFiles = new Map<TS.Node, FunctionNode | null>();

  constructor(
    readonly ts: TypeScript,
    readonly program: TS.Program,
    readonly checker: TS.TypeChecker,
    readonly kernel: KernelModel,
    readonly projectDir: string,
    /** Whether a file is driver code drvlint reports on: decided by the Analysis, for the whole program. */
    readonly isAnalysed: (sf: TS.SourceFile) => boolean,
    readonly reuse: ReuseAcrossPrograms,
  ) {
    this.world = new World(ts, checker);
    this.#items = new FunctionItemsIndex(ts, (f) => this.indexOf(f));
  }

  // Phase 1: the file index.

  indexOf(file: TS.SourceFile): FileIndex {
    let idx = this.#indexes.get(file) ?? this.reuse.earlier(earlierIndexes, file);
    if (!idx) {
      const cx = {
        ts: this.ts,
        checker: this.checker,
        isTimer: (callee: TS.Expression) => this.world.isPlatformGlobal(callee, TIMERS),
        deferringParams: (call: TS.CallExpression) => this.#deferring(call),
      };
      idx = indexFile(cx, file);
      this.reuse.remember(earlierIndexes, file, idx);
    }
    this.#indexes.set(file, idx);
    return idx;
  }

  itemsOf(fn: FunctionNode): FunctionItems {
    return this.#items.of(fn);
  }

  functionAround(n: TS.Node): FunctionNode | undefined {
    return this.#items.ownerOf(n);
  }

  // Phase 2: driver discovery.

  get drivers(): DriverModel {
    this.#drivers ??= discoverDrivers(this.ts, this.program, this.checker, this.kernel, this.isAnalysed, (sf) => this.indexOf(sf).calls, {
      earlier: (sf) => this.reuse.earlier(earlierDiscoveries, sf),
      remember: (sf, found) => this.reuse.remember(earlierDiscoveries, sf, found),
    });
    return this.#drivers;
  }

  // Phase 3: type facts, which need discovery's Self types.

  get facts(): TypeFacts {
    this.#facts ??= new TypeFacts(this.ts, this.checker, this.kernel, this.drivers.selfSymbols);
    return this.#facts;
  }

  get teardown(): TeardownFacts {
    this.#teardown ??= new TeardownFacts(this.ts, this.checker, this.kernel);
    return this.#teardown;
  }

  // Phase 4 and 5: values and summaries.

  get values(): Values {
    this.#values ??= new Values(this.ts, this.checker, this.facts, (fn) => this.drivers.callbacks.get(fn)?.role);
    return this.#values;
  }

  get summaries(): Summaries {
    this.#summaries ??= new Summaries({
      ts: this.ts,
      checker: this.checker,
      world: this.world,
      indexOf: (f) => this.indexOf(f),
      itemsOf: (f) => this.itemsOf(f),
      invocationOf: (c) => this.invocationOf(c),
      handoffOf: (c) => this.#handoffForSummary(c),
      neverRuns: (at) => clearedBeforeItRuns(this, at),
    });
    return this.#summaries;
  }

  /** What a helper's summary needs of a call into unseen code: the world storage it is handed, and callbacks it may run later. */
  #handoffForSummary(call: Call): { world: WorldHandoff | undefined; later: TS.Expression[] } | undefined {
    const h = unseenHandoff(this, call);
    if (!h) return undefined;
    const storage = [h.receiver, ...h.args].map((e) => (e ? worldStorageOf(this, e) : undefined));
    const at = storage.findIndex((t) => t !== undefined);
    const target = at >= 0 ? storage[at] : undefined;
    const world = target && { callee: h.callee, target, args: h.args.filter((_, i) => i + 1 !== at), synchronous: callsBeforeReturning(h) };
    const later = callsBeforeReturning(h)
      ? []
      : h.args.filter(
          (a) =>
            this.checker.getSignaturesOfType(this.checker.getTypeAtLocation(a), this.ts.SignatureKind.Call).length > 0 &&
            !clearedBeforeItRuns(this, a),
        );
    return world || later.length > 0 ? { world, later } : undefined;
  }

  /** The function a call runs, and with what: directly, or through `f.call`, `f.apply` or `Reflect.apply`. */
  invocationOf(call: Call): Invocation | undefined {
    const direct = this.calleeOf(call);
    if (direct) return { callee: direct, receiver: receiverOf(this.ts, call), args: call.arguments ?? [] };
    const applied = appliedCall(this, call);
    if (!applied) return undefined;
    const f = skipOuter(this.ts, applied.f);
    const symbol = this.ts.isIdentifier(f) || this.ts.isPropertyAccessExpression(f) ? this.checker.getSymbolAtLocation(f) : undefined;
    const decl = symbol?.valueDeclaration;
    const callee = decl && isFunctionNode(this.ts, decl) ? this.implementationOf(decl) : undefined;
    return callee && { callee, receiver: applied.receiver, args: applied.args };
  }

  // Phase 6: flow.

  cfgOf(fn: FunctionNode): Cfg {
    let g = this.#cfgs.get(fn);
    if (!g) this.#cfgs.set(fn, (g = buildCfg(this.ts, fn)));
    return g;
  }

  get teardownFlow(): TeardownFlow {
    this.#teardownFlow ??= new TeardownFlow({
      ts: this.ts,
      checker: this.checker,
      teardown: this.teardown,
      cfgOf: (f) => this.cfgOf(f),
      calleeOf: (c) => this.calleeOf(c),
      mayThrow: (n) => n.ast !== undefined && this.fallible.node(n.ast),
      functionMayThrow: (f) => this.fallible.mayThrow(f),
    });
    return this.#teardownFlow;
  }

  get fallible(): Fallibility {
    this.#fallible ??= new Fallibility({
      ts: this.ts,
      checker: this.checker,
      calleeOf: (c) => this.calleeOf(c),
      kernelCallee: (c) => this.kernelCallee(c),
      deferred: (arg) => this.#deferredIn(arg.getSourceFile()).has(arg),
    });
    return this.#fallible;
  }

  /** The arguments in `file` that their call runs only later (timers, listeners, `then`, deferring kernel APIs). */
  #deferredIn(file: TS.SourceFile): ReadonlySet<TS.Node> {
    let found = this.#deferred.get(file);
    if (!found) {
      found = this.isAnalysed(file) ? new Set(this.indexOf(file).deferrals.map((d) => d.value)) : new Set();
      this.#deferred.set(file, found);
    }
    return found;
  }

  // Calls, asked by every phase from the index on.

  calleeOf(call: Call): FunctionNode | undefined {
    // Asked about each call by several rules (each call several times over): answered once, in its file's map (one
    // map per file keeps each small, and lets an editor's next program reuse a file's), or, when the answer depends on
    // files the call's file does not import, in this program's alone.
    const inFile = this.#calleesIn(call.getSourceFile());
    // null is a known answer (no callee here): only undefined is a miss.
    let found = inFile.get(call);
    if (found === undefined) found = this.#calleesAcrossFiles.get(call);
    if (found === undefined) {
      const { callee, acrossFiles } = this.#calleeOf(call);
      found = callee ?? null;
      (acrossFiles ? this.#calleesAcrossFiles : inFile).set(call, found);
    }
    return found ?? undefined;
  }

  /** The callees of `file`'s calls: an earlier program's while still valid (see earlierCallees), else a new set. */
  #calleesIn(file: TS.SourceFile): Map<TS.Node, FunctionNode | null> {
    let known = this.#calleesByFile.get(file);
    if (!known) {
      known = this.reuse.earlier(earlierCallees, file);
      if (!known) this.reuse.remember(earlierCallees, file, (known = new Map()));
      this.#calleesByFile.set(file, known);
    }
    return known;
  }

  /**
   * What `call` runs, and whether the answer depends on files its own file
   * does not import: a call through an ops table another file exports, which
   * any file that imports it may write through.
   */
  #calleeOf(call: Call): { readonly callee: FunctionNode | undefined; readonly acrossFiles: boolean } {
    // A member of an ops table (a const object literal) runs what the literal holds, whatever type it is declared with.
    let acrossFiles = false;
    const member = literalMember(this.ts, this.checker, call, (table) => {
      const decl = table.valueDeclaration;
      if (!decl) return true;
      if (!isExported(this.ts, decl, table.name)) return this.#writtenIn(decl.getSourceFile()).has(table);
      acrossFiles = true;
      return this.#writtenTables().has(table);
    });
    if (member) return { callee: this.isAnalysed(member.getSourceFile()) ? member : undefined, acrossFiles };
    return { callee: this.#resolvedCallee(call), acrossFiles };
  }

  #resolvedCallee(call: Call): FunctionNode | undefined {
    // Most calls go to the kernel, the library or a dependency: their callee's type says so without resolving them.
    if (!mayRun(this.ts, this.checker, call, (d) => isFunctionNode(this.ts, d) && this.isAnalysed(d.getSourceFile()))) return undefined;
    // One function's overloads run its one body, whichever a call picks.
    const sole = soleImplementation(this.ts, this.checker, call);
    if (sole !== undefined) return sole ? this.implementationOf(sole) : undefined;
    const decl = this.#declarationRun(call);
    return decl ? this.implementationOf(decl) : undefined;
  }

  /**
   * The consts the program's code writes through (`ops.configure = other`,
   * `Object.assign(ops, …)`, through an import too): an ops table among
   * them may not hold what its literal says. A table its file does not
   * export can only be written there (#writtenIn).
   */
  #writtenTables(): ReadonlySet<TS.Symbol> {
    if (!this.#written) {
      const out = new Set<TS.Symbol>();
      for (const sf of this.program.getSourceFiles()) if (this.isAnalysed(sf)) for (const s of this.#writtenIn(sf)) out.add(s);
      this.#written = out;
    }
    return this.#written;
  }

  #writtenIn(file: TS.SourceFile): ReadonlySet<TS.Symbol> {
    let found = this.#writtenByFile.get(file);
    if (!found) {
      const ts = this.ts;
      const out = new Set<TS.Symbol>();
      for (const w of this.indexOf(file).writes) {
        const root = accessRoot(ts, w.target);
        const symbol = ts.isIdentifier(root) ? symbolAt(this.checker, ts, root) : undefined;
        if (symbol && symbol.flags & ts.SymbolFlags.BlockScopedVariable) out.add(symbol);
      }
      this.#writtenByFile.set(file, (found = out));
    }
    return found;
  }

  /** The declaration a call resolves to: read from the callee when only one can be (see soleDeclaration), else resolved. */
  #declarationRun(call: Call): TS.SignatureDeclaration | undefined {
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

  /** Found by resolving every call of the driver code once. */
  callersOf(fn: FunctionNode): readonly Call[] {
    if (!this.#callers) {
      const byCallee = new Map<FunctionNode, Call[]>();
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

  /** Through aliases, re-exports and wrappers' types; only calls that may run the kernel (or one of `among`) are resolved. */
  kernelCallee(call: Call, among?: { has(d: TS.Declaration): boolean }): TS.Declaration | undefined {
    const kernel = this.kernel;
    if (!mayRun(this.ts, this.checker, call, among ? (d) => among.has(d) : (d) => kernel.isKernelFile(d.getSourceFile().fileName)))
      return undefined;
    const decl = this.#declarationRun(call);
    if (!decl || !kernel.isKernelFile(decl.getSourceFile().fileName)) return undefined;
    return decl;
  }

  #deferring(
    call: TS.CallExpression,
  ): { params: readonly number[]; sink: string; dropped: boolean; role: DeferringApi['role'] } | undefined {
    // Asked of every call in the program: only calls that may run a deferring API are resolved.
    const apis = this.kernel.deferringParams;
    const d = this.kernelCallee(call, apis);
    const api = d && apis.get(d);
    if (!d || !api) return undefined;
    const dropped = this.kernel.enqueues.has(d) && isDiscarded(this.ts, call);
    return { params: api.params, sink: call.expression.getText(), dropped, role: api.role };
  }
}
