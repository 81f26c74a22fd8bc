// The configuration every front end shares: rule severities and options,
// keyed by rule id (with or without the `drvlint/` prefix), files to leave
// alone (`ignores`), and settings for some files (`overrides`, as ESLint's
// `files` and `rules`). The CLI and the tsserver plugin read it from
// drvlint.config.json (JSON with comments), the plugin with its tsconfig
// entry on top; ESLint takes it through `fromDrvlintConfig`.
import type { RuleDefinition, Severity } from '@drvlint/core';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import picomatch from 'picomatch';
import { type RuleId, rules } from './all-rules.js';

export type RuleSetting = Severity | readonly [Severity, ...unknown[]];

export interface ConfigOverride {
  /** Globs, relative to the configuration's folder. */
  readonly files: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

export interface DrvlintConfig {
  readonly $schema?: string;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Globs of files drvlint leaves alone, relative to the configuration's folder. */
  readonly ignores?: readonly string[];
  /** Rule settings for the files that match, applied in order over `rules`. */
  readonly overrides?: readonly ConfigOverride[];
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
    const r = parseConfigText(own, host.readFile(own) ?? '');
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

/**
 * drvlint.config.json's text: JSON with comments and trailing commas, as
 * tsconfig.json is. An error names the file, line and column.
 */
export function parseConfigText(file: string, text: string): { value: unknown } | { error: string } {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  const first = errors[0];
  if (!first) return { value };
  const before = text.slice(0, first.offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return { error: `${file}:${line}:${column}: not valid JSON: ${printParseErrorCode(first.error)}` };
}

/** `over` on top of `base`: rule settings and directive options of `over` win; ignores and overrides add up. */
export function mergeConfigs(base: DrvlintConfig, over: DrvlintConfig): DrvlintConfig {
  return {
    rules: { ...base.rules, ...over.rules },
    directives: { ...base.directives, ...over.directives },
    ignores: [...(base.ignores ?? []), ...(over.ignores ?? [])],
    overrides: [...(base.overrides ?? []), ...(over.overrides ?? [])],
  };
}

/** A file's path from the configuration's folder, with `/`, as globs are written. */
function relativeTo(dir: string, fileName: string): string {
  const d = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = fileName.replace(/\\/g, '/');
  return f.startsWith(`${d}/`) ? f.slice(d.length + 1) : f;
}

/**
 * Each file's rules under `config`, whose folder is `dir`: undefined for an
 * ignored file, else `rules` with every matching override over them. Files
 * with the same overrides share one resolution. `errors` are what is wrong
 * with the rules and with each override's, found up front, so that a front
 * end reports them as configuration, not when a file meets them.
 */
export function rulesByFile(
  config: DrvlintConfig,
  dir: string,
  resolve: (config: DrvlintConfig) => { rules: ResolvedRule[]; errors: string[] } = resolveRules,
): { readonly rulesOf: (fileName: string) => readonly ResolvedRule[] | undefined; readonly errors: readonly string[] } {
  const ignored = picomatch([...(config.ignores ?? [])], { dot: true });
  const overrides = (config.overrides ?? []).map((o) => ({ isMatch: picomatch([...o.files], { dot: true }), rules: o.rules ?? {} }));
  const byKey = new Map<string, readonly ResolvedRule[]>();
  const resolved = (which: readonly number[]): readonly ResolvedRule[] => {
    const key = which.join(',');
    let found = byKey.get(key);
    if (!found) {
      const merged = which.reduce<DrvlintConfig>((c, i) => ({ ...c, rules: { ...c.rules, ...overrides[i]?.rules } }), config);
      byKey.set(key, (found = resolve(merged).rules));
    }
    return found;
  };
  const errors = [
    ...resolve(config).errors,
    ...overrides.flatMap((o, i) => resolve({ ...config, rules: o.rules }).errors.map((e) => `overrides[${i}]: ${e}`)),
  ];
  return {
    rulesOf: (fileName) => {
      const rel = relativeTo(dir, fileName);
      if ((config.ignores?.length ?? 0) > 0 && ignored(rel)) return undefined;
      return resolved(overrides.flatMap((o, i) => (o.isMatch(rel) ? [i] : [])));
    },
    errors,
  };
}
