// drvlint.config.json (or the "drvlint" key of package.json): found beside
// the tsconfig, validated against the published schema, with clear errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DrvlintConfig, findConfig, resolveRules, type ResolvedRule, rules } from '@drvlint/rules';
import { Ajv, type ErrorObject } from 'ajv';
import { UsageError } from './errors.js';

/** The JSON schema of drvlint.config.json, built from the rules' own metadata. */
export function configSchema(): Record<string, unknown> {
  const severity = { enum: ['off', 'warn', 'error'], description: 'off, warn or error' };
  const ruleProps: Record<string, unknown> = {};
  for (const [id, def] of Object.entries(rules)) {
    const setting = {
      description: def.meta.description,
      oneOf: [severity, { type: 'array', items: [severity, ...def.meta.schema], minItems: 1, maxItems: 1 + def.meta.schema.length, additionalItems: false }],
    };
    ruleProps[id] = setting;
    ruleProps[`drvlint/${id}`] = setting;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/drvlint/drvlint/blob/main/packages/cli/drvlint.config.schema.json',
    title: 'drvlint configuration',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules: { type: 'object', description: 'Rule severities, and options after the severity: ["error", { … }]', properties: ruleProps, additionalProperties: false },
      directives: {
        type: 'object',
        properties: {
          requireReason: { type: 'boolean', description: 'A drvlint-disable comment must give a reason after `--` (default true).' },
          reportUnused: { ...severity, description: 'How to report drvlint-disable comments that silence nothing (default warn).' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

let validate: ReturnType<Ajv['compile']> | undefined;

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(top level)';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return where === '/rules' ? `unknown rule '${extra}'; the rules are: ${Object.keys(rules).join(', ')}` : `${where}: unknown key '${extra}'`;
  }
  return `${where}: ${e.message ?? 'is not valid'}`;
}

export interface LoadedConfig {
  readonly file: string | undefined;
  readonly config: DrvlintConfig;
}

/** Read the config: an explicit file, else drvlint.config.json or package.json's "drvlint" in `dir`. */
export function loadConfig(dir: string, explicit: string | undefined): LoadedConfig {
  let file: string | undefined;
  let raw: unknown;
  const read = (f: string): unknown => {
    try {
      return JSON.parse(readFileSync(f, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read ${f}: ${(e as Error).message}`);
    }
  };
  if (explicit) {
    file = path.resolve(explicit);
    if (!existsSync(file)) throw new UsageError(`config file ${explicit} does not exist`);
    raw = read(file);
  } else {
    // The same search as the tsserver plugin's: drvlint.config.json, else package.json's "drvlint".
    const found = findConfig(dir, { fileExists: existsSync, readFile: (f) => readFileSync(f, 'utf8') });
    if (found && 'error' in found) throw new UsageError(found.error);
    if (found) ({ file, raw } = found);
  }
  if (raw === undefined) return { file: undefined, config: {} };
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(configSchema());
  if (!validate(raw)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
    throw new UsageError(`${path.relative(process.cwd(), file ?? '') || file}: ${[...new Set(errors.map(describe))].join('; ')}`);
  }
  return { file, config: raw as DrvlintConfig };
}

/** The enabled rules after the config and any --rule overrides. */
export function enabledRules(config: DrvlintConfig, overrides: readonly { id: string; severity: 'off' | 'warn' | 'error' }[]): ResolvedRule[] {
  const merged: DrvlintConfig = { ...config, rules: { ...config.rules } };
  for (const o of overrides) {
    const id = o.id.replace(/^drvlint\//, '');
    const existing = merged.rules?.[id] ?? merged.rules?.[`drvlint/${id}`];
    const options = Array.isArray(existing) ? existing.slice(1) : [];
    (merged.rules as Record<string, unknown>)[id] = options.length > 0 ? [o.severity, ...options] : o.severity;
  }
  const { rules: resolved, errors } = resolveRules(merged);
  if (errors.length > 0) throw new UsageError(errors.join('; '));
  return resolved;
}
