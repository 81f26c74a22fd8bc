// Stable diagnostic codes, one per rule, so editors and `getCodeFixes`
// requests can name them. Never renumber: append.
import type { RuleId } from '@drvlint/rules';

export const CODES = {
  'no-escape': 990001,
  'core-context': 990002,
  'no-context-forgery': 990003,
  'id-table': 990004,
  'static-driver': 990005,
  'bus-internal': 990006,
  'unbind-teardown-only': 990007,
  'required-teardown': 990008,
  'devres-access': 990009,
  'no-legacy-api': 990010,
} as const satisfies Record<RuleId, number>;

/** A drvlint-disable comment that names an unknown rule, gives no reason, or silences nothing. */
export const DIRECTIVE_CODE = 990097;

/** drvlint cannot see the kernel API in this program (not installed, or not imported): it checked nothing. */
export const BLIND_CODE = 990098;

/** A rule that crashed, or the plugin itself: shown once, never thrown into tsserver. */
export const INTERNAL_ERROR_CODE = 990099;

export function codeOf(ruleId: string): number {
  if (ruleId === 'directives') return DIRECTIVE_CODE;
  return Object.hasOwn(CODES, ruleId) ? CODES[ruleId as RuleId] : INTERNAL_ERROR_CODE;
}
