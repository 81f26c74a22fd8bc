// Every rule, by id. Front ends read this table; nothing else names rules.
import type { RuleDefinition } from '@drvlint/core';
import busInternal from './bus-internal.js';
import coreContext from './core-context.js';
import devresAccess from './devres-access.js';
import idTable from './id-table.js';
import noContextForgery from './no-context-forgery.js';
import noEscape from './no-escape.js';
import noLegacyApi from './no-legacy-api.js';
import requiredTeardown from './required-teardown.js';
import staticDriver from './static-driver.js';
import unbindTeardownOnly from './unbind-teardown-only.js';

export const rules = {
  'no-escape': noEscape,
  'core-context': coreContext,
  'no-context-forgery': noContextForgery,
  'id-table': idTable,
  'static-driver': staticDriver,
  'bus-internal': busInternal,
  'required-teardown': requiredTeardown,
  'unbind-teardown-only': unbindTeardownOnly,
  'devres-access': devresAccess,
  'no-legacy-api': noLegacyApi,
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof rules;

export const ruleIds = Object.keys(rules) as RuleId[];
