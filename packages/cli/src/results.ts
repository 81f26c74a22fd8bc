// What a check reports per file, in ESLint's shape (1-based lines and columns,
// severity 1 or 2), for the formatters, the cache and --fix.
import type { TextEdit } from '@drvlint/core';

export interface Related {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface Message {
  readonly ruleId: string | null;
  /** 1 warning, 2 error, as ESLint. */
  readonly severity: 1 | 2;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fatal?: true;
  readonly fix?: readonly TextEdit[];
  readonly suggestions?: readonly { readonly desc: string; readonly fix: readonly TextEdit[] }[];
  readonly related: readonly Related[];
}

export interface FileResult {
  readonly filePath: string;
  readonly source: string;
  readonly messages: Message[];
}
