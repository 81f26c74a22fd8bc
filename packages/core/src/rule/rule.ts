// The shape of a rule: one definition per `rules/<id>.ts`, read by every
// front end. Modelled on typescript-eslint's `createRule`: typed messages, a
// JSON schema with descriptions, default options, and a docs URL.
import type { FileIndex } from '../facts/file-index.js';
import type { TextEdit } from '../report/finding.js';
import type { TS } from '../ts.js';
import type { AnalysisView } from './view.js';

export type Severity = 'off' | 'warn' | 'error';

export const DOCS_BASE = 'https://github.com/drvlint/drvlint/blob/main/rules/';

/** JSON Schema for a rule's options (draft-04, as ESLint takes it). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface RuleMeta<MessageIds extends string, Options extends readonly unknown[]> {
  readonly id: string;
  readonly type: 'problem' | 'suggestion';
  readonly description: string;
  readonly messages: Readonly<Record<MessageIds, string>>;
  readonly schema: readonly JsonSchema[];
  readonly defaultOptions: Options;
  /** Severity in the `recommended` and `strict` presets. */
  readonly presets: { readonly recommended: Severity; readonly strict: Severity };
  readonly fixable?: 'code';
  readonly hasSuggestions?: boolean;
}

export interface Report<MessageIds extends string> {
  /** Where the finding is: a node, or a text range (for comments, which are not nodes). */
  readonly node: TS.Node | { readonly start: number; readonly end: number };
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string>>;
  readonly related?: readonly { readonly node: TS.Node; readonly message: string }[];
  readonly fix?: readonly TextEdit[];
  readonly suggestions?: readonly {
    readonly messageId: MessageIds;
    readonly data?: Readonly<Record<string, string>>;
    readonly fix: readonly TextEdit[];
  }[];
}

/** How a rule reports: only with one of its own message ids. */
export type Reporter<MessageIds extends string> = (r: Report<MessageIds>) => void;

/** What a rule sees: the program's analysis, read-only, the file it checks, and its options. */
export interface RuleContext<MessageIds extends string, Options extends readonly unknown[]> {
  readonly analysis: AnalysisView;
  readonly file: TS.SourceFile;
  readonly index: FileIndex;
  readonly options: Options;
  /** Method syntax on purpose: a rule of narrower message ids is still a `RuleDefinition<string>`. */
  report(this: void, r: Report<MessageIds>): void;
}

export interface RuleDefinition<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  readonly meta: RuleMeta<MessageIds, Options>;
  readonly docsUrl: string;
  check(this: void, cx: RuleContext<MessageIds, Options>): void;
}

export function createRule<MessageIds extends string, Options extends readonly unknown[]>(def: {
  readonly meta: RuleMeta<MessageIds, Options>;
  check(this: void, cx: RuleContext<MessageIds, Options>): void;
}): RuleDefinition<MessageIds, Options> {
  return { meta: def.meta, docsUrl: `${DOCS_BASE}${def.meta.id}.md`, check: def.check };
}
