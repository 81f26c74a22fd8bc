// eslint-plugin-drvlint: flat-config plugin with `recommended` and `strict`
// presets that carry the typescript-eslint parser and drvlint's rules.
// First: a project with only TypeScript 7 stops here, with what to install.
import './typescript-6.js';
import { createRequire } from 'node:module';
import { type DrvlintConfig, type RuleId, resolveRules, rules as definitions, ruleIds } from '@drvlint/rules';
import type { TSESLint } from '@typescript-eslint/utils';
import * as parser from '@typescript-eslint/parser';
import { type EslintRule, toEslintRule } from './adapt.js';
import { directives } from './directives.js';
import { setup } from './setup.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export const rules = {
  ...(Object.fromEntries(ruleIds.map((id) => [id, toEslintRule(definitions[id])])) as Record<RuleId, EslintRule>),
  // Not a driver-model rule: the CLI's checks of drvlint-disable comments, under the id the CLI uses.
  directives: directives as EslintRule,
  // Not a driver-model rule either: what keeps drvlint from seeing a program, under its own id.
  setup: setup as EslintRule,
};

type Preset = 'recommended' | 'strict';

const plugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules,
  configs: {} as Record<Preset, TSESLint.FlatConfig.Config>,
};

/** The files drvlint's configs apply to: TypeScript only, so `eslint.config.mjs` and other JS files never meet a drvlint rule. */
const FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

function preset(which: Preset): TSESLint.FlatConfig.Config {
  return {
    name: `drvlint/${which}`,
    files: FILES,
    plugins: { drvlint: plugin as unknown as TSESLint.FlatConfig.Plugin },
    languageOptions: { parser: parser as TSESLint.FlatConfig.Parser, sourceType: 'module' },
    rules: {
      ...Object.fromEntries(ruleIds.map((id) => [`drvlint/${id}`, definitions[id].meta.presets[which]])),
      'drvlint/directives': which === 'strict' ? 'error' : 'warn',
      'drvlint/setup': 'error',
    },
  };
}

plugin.configs.recommended = preset('recommended');
plugin.configs.strict = preset('strict');

export const configs = plugin.configs;

/**
 * A flat config from a drvlint configuration (drvlint.config.json's
 * contents), so ESLint runs the rules with the same severities and options
 * as the CLI: `[drvlint.configs.recommended, fromDrvlintConfig(json)]`. It
 * carries the presets' `files` and the plugin, so it is safe to spread into
 * any flat config: it never applies a drvlint rule to a file (such as
 * `eslint.config.mjs`) that has no drvlint plugin.
 */
export function fromDrvlintConfig(config: DrvlintConfig): TSESLint.FlatConfig.Config {
  // Never dropped silently: ignores and overrides need configs of their own.
  if ((config.ignores?.length ?? 0) > 0 || (config.overrides?.length ?? 0) > 0)
    throw new Error(
      'drvlint config: it has "ignores" or "overrides", which one config object cannot carry: spread ...drvlintConfigs(json) instead',
    );
  return {
    name: 'drvlint/from-config',
    files: FILES,
    plugins: { drvlint: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: { ...ruleEntries(config, ''), 'drvlint/directives': directiveSetting(config), 'drvlint/setup': 'error' },
  };
}

/** Every driver-model rule's ESLint setting under `config`: its severity and options, or off. */
function ruleEntries(config: DrvlintConfig, where: string): TSESLint.FlatConfig.Rules {
  const { rules: enabled, errors } = resolveRules(config);
  if (errors.length > 0) throw new Error(`drvlint config: ${where}${errors.join('; ')}`);
  const on = new Map(enabled.map((r) => [r.id, r] as const));
  return Object.fromEntries(
    ruleIds.map((id) => {
      const r = on.get(id);
      return [`drvlint/${id}`, r ? [r.severity, ...r.options] : 'off'];
    }),
  );
}

/**
 * The flat configs of a drvlint configuration, `ignores` and `overrides`
 * included: `[drvlint.configs.recommended, ...drvlintConfigs(json)]`. Globs
 * are as ESLint reads `files`: relative to the folder of eslint.config.js,
 * which is where drvlint.config.json usually is too.
 */
export function drvlintConfigs(config: DrvlintConfig): TSESLint.FlatConfig.Config[] {
  const { ignores = [], overrides = [], ...base } = config;
  const out: TSESLint.FlatConfig.Config[] = [fromDrvlintConfig(base)];
  overrides.forEach((o, i) => {
    out.push({
      name: `drvlint/from-config/overrides/${i}`,
      files: [...o.files],
      plugins: { drvlint: plugin as unknown as TSESLint.FlatConfig.Plugin },
      rules: ruleEntries({ ...base, rules: { ...base.rules, ...o.rules } }, `overrides[${i}]: `),
    });
  });
  if (ignores.length > 0)
    out.push({
      name: 'drvlint/from-config/ignores',
      files: [...ignores],
      plugins: { drvlint: plugin as unknown as TSESLint.FlatConfig.Plugin },
      rules: Object.fromEntries([...ruleIds, 'directives', 'setup'].map((id) => [`drvlint/${id}`, 'off'])),
    });
  return out;
}

/** The CLI's `directives` settings as the directives rule's severity and options. */
function directiveSetting(config: DrvlintConfig): TSESLint.SharedConfig.RuleEntry {
  const requireReason = config.directives?.requireReason ?? true;
  const reportUnused = config.directives?.reportUnused ?? 'warn';
  if (!requireReason && reportUnused === 'off') return 'off';
  return [reportUnused === 'error' ? 'error' : 'warn', { requireReason, reportUnused: reportUnused !== 'off' }];
}
export default plugin;
