// What a rule, and a whole-program analysis that rules share, may read of the
// program: the results of every earlier phase, read-only. It is built only
// for a program that uses the kernel API, so `kernel` and `facts` are always
// there; the program-level machinery (reuse across programs, blindness, the
// findings cache, fix proofs) is the Analysis's own and not visible here.
import type { DriverModel } from '../discovery/drivers.js';
import type { FileIndex } from '../facts/file-index.js';
import type { FunctionItems } from '../facts/function-items.js';
import type { TeardownFacts } from '../facts/teardown-facts.js';
import type { TypeFacts } from '../facts/type-facts.js';
import type { World } from '../facts/world.js';
import type { Cfg } from '../flow/cfg.js';
import type { Fallibility } from '../flow/fallible.js';
import type { TeardownFlow } from '../flow/teardown-flow.js';
import type { KernelModel } from '../model/kernel-model.js';
import type { FunctionNode } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';
import type { Invocation, Summaries } from '../values/summaries.js';
import type { Values } from '../values/values.js';

export interface AnalysisView {
  readonly ts: TypeScript;
  readonly program: TS.Program;
  readonly checker: TS.TypeChecker;
  /** The project's directory, with `/` separators: what options that name files are relative to. */
  readonly projectDir: string;
  readonly kernel: KernelModel;
  readonly facts: TypeFacts;
  readonly world: World;
  readonly drivers: DriverModel;
  readonly values: Values;
  readonly summaries: Summaries;
  readonly teardown: TeardownFacts;
  readonly teardownFlow: TeardownFlow;
  readonly fallible: Fallibility;
  /** Whether `sf` is driver code drvlint reports on (see own-files). */
  isAnalysed(sf: TS.SourceFile): boolean;
  indexOf(file: TS.SourceFile): FileIndex;
  /** The calls, writes, deferrals, variables and returns inside `fn` (nested functions included). */
  itemsOf(fn: FunctionNode): FunctionItems;
  /** The innermost function around `n` (not `n` itself). */
  functionAround(n: TS.Node): FunctionNode | undefined;
  cfgOf(fn: FunctionNode): Cfg;
  /** The function a call runs, when it is known: a declaration with a body in the program's driver code. */
  calleeOf(call: TS.CallExpression | TS.NewExpression): FunctionNode | undefined;
  /** The function a call runs, with its `this` and arguments: directly, or through `f.call`, `f.apply`, `Reflect.apply`. */
  invocationOf(call: TS.CallExpression | TS.NewExpression): Invocation | undefined;
  /** The calls in the program's driver code that run `fn`. */
  callersOf(fn: FunctionNode): readonly (TS.CallExpression | TS.NewExpression)[];
  /** The body that runs when `decl` is called, in the program's driver code. */
  implementationOf(decl: TS.SignatureDeclaration): FunctionNode | undefined;
  /** The kernel declaration a call resolves to; `among` limits what is looked for, so other calls are not resolved. */
  kernelCallee(call: TS.CallExpression | TS.NewExpression, among?: { has(d: TS.Declaration): boolean }): TS.Declaration | undefined;
}
