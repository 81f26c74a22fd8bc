// What every front end reports: a finding, its message, and the text edits of
// its fix. Plain data, below every analysis, so the program layer's caches and
// the fix prover can hold findings without knowing what a rule is.

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
  readonly suggestions?: readonly {
    readonly message: string;
    readonly messageId: string;
    readonly data: Readonly<Record<string, string>>;
    readonly fix: readonly TextEdit[];
  }[];
  /** For an internal error: the stack, for a log (never shown as the message). */
  readonly stack?: string;
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
