// The rules package: every rule, by id, and the configuration every front end shares.
export { rules, type RuleId, ruleIds } from './all-rules.js';
export {
  type DrvlintConfig,
  type RuleSetting,
  type ResolvedRule,
  type ConfigHost,
  type ConfigOverride,
  resolveRules,
  findConfig,
  mergeConfigs,
  parseConfigText,
  rulesByFile,
} from './config.js';
