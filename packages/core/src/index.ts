export { Analysis } from './analysis.js';
export { givenBack, mayGive, mayRun, soleDeclaration, soleImplementation, typeOfCall } from './calls/callee-types.js';
export { possibleSignatures } from './calls/possible-signatures.js';
export { Components, type Cached, groupView } from './program/components.js';
export { inFile } from './program/by-file.js';
export { applyTextEdits, nonOverlapping } from './report/edits.js';
export type { Blindness } from './program/blindness.js';
export type { TypeScript, TS } from './ts.js';
export {
  KERNEL_MODULE,
  LEGACY_MODULE,
  type KernelModel,
  type ContextName,
  type BusName,
  type IdTableKind,
  resolve,
  symbolAt,
} from './model/kernel-model.js';
export { TypeFacts, type Scope, contextRank } from './facts/type-facts.js';
export {
  Values,
  type ScopedValue,
  type Capture,
  describeScope,
  describeValue,
  elementCallbackReceiver,
  isCoreScope,
} from './values/values.js';
export { World, type WorldTarget, locationOf } from './facts/world.js';
export { Summaries, type Summary, type Effect, receiverOf, paramAt } from './values/summaries.js';
export type { DriverDescriptor, DriverModel, CallbackRole } from './discovery/drivers.js';
export { functionOf } from './discovery/drivers.js';
export type { FileIndex, Write, Deferral } from './facts/file-index.js';
export { isThenable } from './facts/file-index.js';
export * from './syntax/syntax.js';
export { bindingPath, constInitializer, destructuredFrom, destructuredPath, originOf, originDeclaration } from './facts/origin.js';
export * from './rule/rule.js';
export { TeardownFacts, ELEMENT } from './facts/teardown-facts.js';
export { Fallibility } from './flow/fallible.js';
export { FixProver } from './findings/fix-proof.js';
export type { FunctionItems } from './facts/function-items.js';
export { type Cfg, type CfgNode, buildCfg, firstUncoveredPath, certainCalls, statementOf, suspendingNodes } from './flow/cfg.js';
export { TeardownFlow, type AccessPath, type Teardown, pathKey, showPath, inNestedFunction } from './flow/teardown-flow.js';
export {
  type Directive,
  type DirectiveProblem,
  type DirectiveOptions,
  parseDirectives,
  suppressing,
  directiveProblems,
} from './findings/directives.js';
export type { AnalysisView } from './rule/view.js';
export type { Finding, TextEdit, RelatedLocation } from './report/finding.js';
export { formatMessage, sentenceData, INTERNAL_ERROR_MESSAGE, INTERNAL_ERROR_MESSAGE_ID } from './report/finding.js';
export type { EnabledRule } from './findings/findings.js';
export { coreIn, isLocalTo, reachableFrom } from './reach/reachability.js';
export { operationalFunctions } from './reach/operational.js';
export { type Release, type ReleaseSummary, releaseName, releaseOf, releasesOf } from './reach/releases.js';
export { TRANSFORM_IDS, type TransformId } from './model/transform-ids.js';
export { SUPPORTED_TYPESCRIPT, typescript7Advice } from './model/typescript-support.js';
export { type Handoff, unseenHandoff, callsBeforeReturning, appliedCall, worldStorageOf, mayBeUnseen } from './reach/handoffs.js';
export type { Invocation } from './values/summaries.js';
export {
  type LibraryMember,
  libraryMemberOf,
  isNonRetaining,
  runsSynchronously,
  librarySymbolOf,
  isPlatformDeclaration,
} from './calls/library.js';
export { clearedBeforeItRuns } from './reach/cleared-timers.js';
