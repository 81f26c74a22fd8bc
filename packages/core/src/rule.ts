// The shape of a rule: one definition per `rules/<id>.ts`, read by every
// front end. Modelled on typescript-eslint's `createRule`: typed messages, a
// JSON schema with descriptions, default options, and a docs URL.
import type { Analysis } from './analysis.js';
import type { FileIndex } from './file-index.js';
import type { TS } from './ts.js';

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

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface RelatedLocation {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Report<MessageIds extends string> {
  /** Where the finding is: a node, or a text range (for comments, which are not nodes). */
  readonly node: TS.Node | { readonly start: number; readonly end: number };
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string>>;
  readonly related?: readonly { readonly node: TS.Node; readonly message: string }[];
  readonly fix?: readonly TextEdit[];
  readonly suggestions?: readonly { readonly messageId: MessageIds; readonly data?: Readonly<Record<string, string>>; readonly fix: readonly TextEdit[] }[];
}

/** A rule's finding on one file, in the form every front end reports. */
export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly message: string;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly related: readonly RelatedLocation[];
  readonly fix?: readonly TextEdit[];
  readonly suggestions?: readonly { readonly message: string; readonly messageId: string; readonly data: Readonly<Record<string, string>>; readonly fix: readonly TextEdit[] }[];
  /** For an internal error: the stack, for a log (never shown as the message). */
  readonly stack?: string;
}

export interface RuleContext<MessageIds extends string, Options extends readonly unknown[]> {
  readonly analysis: Analysis;
  readonly file: TS.SourceFile;
  readonly index: FileIndex;
  readonly options: Options;
  report(r: Report<MessageIds>): void;
}

export interface RuleDefinition<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  readonly meta: RuleMeta<MessageIds, Options>;
  readonly docsUrl: string;
  check(cx: RuleContext<MessageIds, Options>): void;
}

export function createRule<MessageIds extends string, Options extends readonly unknown[]>(def: {
  readonly meta: RuleMeta<MessageIds, Options>;
  check(cx: RuleContext<MessageIds, Options>): void;
}): RuleDefinition<MessageIds, Options> {
  return { meta: def.meta, docsUrl: `${DOCS_BASE}${def.meta.id}.md`, check: def.check };
}

export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => data[k] ?? m);
}

/**
 * Capitalise the value of a placeholder that opens the message. Done on the
 * data rather than the text, so that ESLint, which formats messages itself
 * from the same template and data, shows the same sentence.
 */
export function sentenceData(template: string, data: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const lead = /^\{\{\s*(\w+)\s*\}\}/.exec(template)?.[1];
  const v = lead === undefined ? undefined : data[lead];
  return lead === undefined || v === undefined ? data : { ...data, [lead]: v.charAt(0).toUpperCase() + v.slice(1) };
}

/** The message of the finding that stands for a rule that crashed: the run goes on. */
export const INTERNAL_ERROR_MESSAGE_ID = 'internalError';
export const INTERNAL_ERROR_MESSAGE = 'drvlint internal error in rule {{rule}}: {{error}}. Please report it; other rules still ran.';
