// The configuration every front end shares: rule severities and options,
// keyed by rule id (with or without the `drvlint/` prefix). The CLI reads
// it from drvlint.config.json, the tsserver plugin from its tsconfig entry.
import type { RuleDefinition, Severity } from '@drvlint/core';
import { type RuleId, rules } from './all-rules.js';

export type RuleSetting = Severity | readonly [Severity, ...unknown[]];

export interface DrvlintConfig {
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly directives?: {
    /** A drvlint-disable comment must give a reason after `--` (default true). */
    readonly requireReason?: boolean;
    /** How to report directives that silence nothing (default "warn"); also the severity of their other problems. */
    readonly reportUnused?: Severity;
  };
}

export interface ResolvedRule {
  readonly id: RuleId;
  readonly definition: RuleDefinition;
  readonly severity: Exclude<Severity, 'off'>;
  readonly options: readonly unknown[];
}

/** The enabled rules with their severity and options; errors name what is wrong and how to fix it. */
export function resolveRules(
  config: DrvlintConfig,
  preset: 'recommended' | 'strict' = 'recommended',
): { rules: ResolvedRule[]; errors: string[] } {
  const errors: string[] = [];
  const chosen = new Map<RuleId, { severity: Severity; options: readonly unknown[] | undefined }>();
  for (const id of Object.keys(rules) as RuleId[]) chosen.set(id, { severity: rules[id].meta.presets[preset], options: undefined });
  for (const [key, setting] of Object.entries(config.rules ?? {})) {
    const id = key.replace(/^drvlint\//, '') as RuleId;
    // Own properties only: `constructor`, `__proto__` and `toString` are no rules.
    if (!Object.hasOwn(rules, id)) {
      errors.push(`unknown rule '${key}'; the rules are: ${Object.keys(rules).join(', ')}`);
      continue;
    }
    const [severity, ...options] = (Array.isArray(setting) ? setting : [setting]) as [Severity, ...unknown[]];
    chosen.set(id, { severity, options: options.length > 0 ? options : undefined });
  }
  const out: ResolvedRule[] = [];
  for (const [id, c] of chosen) {
    if (c.severity === 'off') continue;
    const definition = rules[id] as RuleDefinition;
    out.push({ id, definition, severity: c.severity, options: c.options ?? definition.meta.defaultOptions });
  }
  return { rules: out, errors };
}

/** How a front end reads files: the CLI passes node's, tsserver its server host's. */
export interface ConfigHost {
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
}

/**
 * The drvlint configuration beside a project: `drvlint.config.json`, else
 * the `drvlint` key of `package.json`, in `dir`. Undefined when there is
 * none; a file that is not valid JSON is an error naming it.
 */
export function findConfig(
  dir: string,
  host: ConfigHost,
): { readonly file: string; readonly raw: unknown } | { readonly file: string; readonly error: string } | undefined {
  const join = (name: string): string => `${dir.replace(/[\\/]+$/, '')}/${name}`;
  const parse = (file: string): { value: unknown } | { error: string } => {
    try {
      return { value: JSON.parse(host.readFile(file) ?? '') as unknown };
    } catch (e) {
      return { error: `cannot read ${file}: ${(e as Error).message}` };
    }
  };
  const own = join('drvlint.config.json');
  if (host.fileExists(own)) {
    const r = parse(own);
    return 'error' in r ? { file: own, error: r.error } : { file: own, raw: r.value };
  }
  const pkg = join('package.json');
  if (!host.fileExists(pkg)) return undefined;
  const r = parse(pkg);
  if ('error' in r) return { file: pkg, error: r.error };
  const value = r.value as { drvlint?: unknown } | null;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { file: pkg, error: `${pkg}: package.json must be a JSON object` };
  return value.drvlint !== undefined ? { file: pkg, raw: value.drvlint } : undefined;
}

/** `over` on top of `base`: rule settings and directive options of `over` win. */
export function mergeConfigs(base: DrvlintConfig, over: DrvlintConfig): DrvlintConfig {
  return { rules: { ...base.rules, ...over.rules }, directives: { ...base.directives, ...over.directives } };
}
