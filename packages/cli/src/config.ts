// drvlint.config.json (or the "drvlint" key of package.json): found beside
// the tsconfig, validated against the published schema, with clear errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DrvlintConfig, findConfig, parseConfigText, resolveRules, type ResolvedRule, rules, rulesByFile } from '@drvlint/rules';
import { Ajv, type ErrorObject } from 'ajv';
import type { ts as MorphTs } from 'ts-morph';
import { morphTs } from './morph.js';
import { UsageError } from './errors.js';

/** The JSON schema of drvlint.config.json, built from the rules' own metadata. */
export function configSchema(): Record<string, unknown> {
  const severity = { enum: ['off', 'warn', 'error'], description: 'off, warn or error' };
  const ruleProps: Record<string, unknown> = {};
  for (const [id, def] of Object.entries(rules)) {
    const setting = {
      description: def.meta.description,
      oneOf: [
        severity,
        { type: 'array', items: [severity, ...def.meta.schema], minItems: 1, maxItems: 1 + def.meta.schema.length, additionalItems: false },
      ],
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
      rules: {
        type: 'object',
        description: 'Rule severities, and options after the severity: ["error", { … }]',
        properties: ruleProps,
        additionalProperties: false,
      },
      ignores: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Globs of files drvlint leaves alone, relative to this file\'s folder (as ESLint\'s "ignores").',
      },
      overrides: {
        type: 'array',
        description: 'Rule settings for some files, applied in order over "rules" (as ESLint\'s "files" and "rules").',
        items: {
          type: 'object',
          properties: {
            files: {
              type: 'array',
              items: { type: 'string', minLength: 1 },
              minItems: 1,
              description: "Globs, relative to this file's folder.",
            },
            rules: { $ref: '#/properties/rules' },
          },
          required: ['files'],
          additionalProperties: false,
        },
      },
      directives: {
        type: 'object',
        properties: {
          requireReason: { type: 'boolean', description: 'A drvlint-disable comment must give a reason after `--` (default true).' },
          reportUnused: {
            ...severity,
            description:
              'How to report drvlint-disable comments that silence nothing (default warn); warn or error is also the severity of their other problems, in every front end.',
          },
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
    return where === '/rules'
      ? `unknown rule '${extra}'; the rules are: ${Object.keys(rules).join(', ')}`
      : `${where}: unknown key '${extra}'`;
  }
  // Name what is allowed, not only that something is not.
  if (e.keyword === 'enum')
    return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where}: ${e.message ?? 'is not valid'}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const step of pointer.split('/').slice(1))
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[step.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return v;
}

/** `file:line:column` of a JSON pointer in a JSON text, as far as the text has it (for error lines). */
function locate(file: string, text: string, pointer: string): string {
  const ts = morphTs();
  const sf = ts.parseJsonText(file, text);
  let node: MorphTs.Node | undefined = sf.statements[0]?.expression;
  for (const step of pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (node && ts.isObjectLiteralExpression(node)) {
      const p = node.properties.find(
        (x): x is MorphTs.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isStringLiteral(x.name) && x.name.text === step,
      );
      if (!p) break;
      node = p.initializer;
    } else if (node && ts.isArrayLiteralExpression(node) && /^\d+$/.test(step)) {
      node = node.elements[Number(step)] ?? node;
    } else break;
  }
  const at = sf.getLineAndCharacterOfPosition(node ? node.getStart(sf) : 0);
  return `${file}:${at.line + 1}:${at.character + 1}`;
}

/** `file:line:column: message` for a JSON text that does not parse. */
function parseError(file: string, text: string, e: Error): string {
  const pos = /position (\d+)/.exec(e.message);
  const at = pos ? morphTs().parseJsonText(file, text).getLineAndCharacterOfPosition(Number(pos[1])) : undefined;
  const message = e.message.replace(/ in JSON at position \d+.*$/, '');
  return `${file}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: not valid JSON: ${message}`;
}

export interface LoadedConfig {
  readonly file: string | undefined;
  readonly config: DrvlintConfig;
}

/** Read the config: an explicit file, else drvlint.config.json or package.json's "drvlint" in `dir`. */
export function loadConfig(dir: string, explicit: string | undefined, cwd = process.cwd()): LoadedConfig {
  let file: string | undefined;
  let raw: unknown;
  const shown = (f: string): string => path.relative(cwd, f) || f;
  const read = (f: string): unknown => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${shown(f)}: ${(e as Error).message}`);
    }
    // package.json is strict JSON; drvlint.config.json takes comments and trailing commas, as tsconfig.json does.
    if (path.basename(f) !== 'package.json') {
      const r = parseConfigText(shown(f), text);
      if ('error' in r) throw new UsageError(r.error);
      return r.value;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UsageError(parseError(shown(f), text, e as Error));
    }
  };
  if (explicit) {
    file = path.resolve(explicit);
    if (!existsSync(file)) throw new UsageError(`config file ${explicit} does not exist`);
    raw = read(file);
  } else {
    // The same search as the tsserver plugin's: drvlint.config.json, else package.json's "drvlint".
    const found = findConfig(dir, { fileExists: existsSync, readFile: (f) => readFileSync(f, 'utf8') });
    if (found && 'error' in found && path.basename(found.file) === 'package.json')
      throw new UsageError(`${shown(found.file)}: package.json must be a JSON object`);
    if (found) {
      file = found.file;
      raw = read(found.file);
      if (path.basename(found.file) === 'package.json') {
        // package.json must be an object to hold a "drvlint" key at all.
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
          throw new UsageError(`${shown(found.file)}: package.json must be a JSON object`);
        raw = (raw as { drvlint?: unknown }).drvlint;
      }
    }
  }
  if (raw === undefined) return { file: undefined, config: {} };
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(configSchema());
  if (!validate(raw)) {
    // A rule setting is a severity or an array: report only the branch whose shape the value has.
    const errors = (validate.errors ?? []).filter((e) => {
      if (e.keyword === 'oneOf' || e.keyword === 'if') return false;
      if (!/^\/rules\/[^/]+$/.test(e.instancePath)) return true;
      const v = valueAt(raw, e.instancePath);
      return !(Array.isArray(v) && e.keyword === 'enum') && !(typeof v === 'string' && e.keyword === 'type');
    });
    const text = file ? readFileSync(file, 'utf8') : '';
    const base = file && path.basename(file) === 'package.json' ? '/drvlint' : '';
    const first = errors[0];
    const where = file && first ? locate(shown(file), text, `${base}${first.instancePath}`) : shown(file ?? '');
    throw new UsageError(`${where}: ${[...new Set(errors.map(describe))].join('; ')}`);
  }
  return { file, config: raw as DrvlintConfig };
}

/**
 * Each file's rules: the config's `overrides` that match it over its
 * `rules`, then --rule on top of all (as ESLint's --rule); undefined for a
 * file the config `ignores`. Globs are relative to `dir`, the config's folder.
 */
export function fileRules(
  config: DrvlintConfig,
  dir: string,
  overrides: readonly { id: string; severity: 'off' | 'warn' | 'error' }[],
): (fileName: string) => readonly ResolvedRule[] | undefined {
  const { rulesOf, errors } = rulesByFile(config, dir, (c) => resolveRules(withOverrides(c, overrides)));
  if (errors.length > 0) throw new UsageError(errors.join('; '));
  return rulesOf;
}

function withOverrides(config: DrvlintConfig, overrides: readonly { id: string; severity: 'off' | 'warn' | 'error' }[]): DrvlintConfig {
  // Entries, not assignments: `__proto__` assigned on an object sets its prototype and vanishes.
  const entries: [string, unknown][] = Object.entries(config.rules ?? {});
  for (const o of overrides) {
    const id = o.id.replace(/^drvlint\//, '');
    const existing = entries.find(([k]) => k === id || k === `drvlint/${id}`)?.[1];
    const options: unknown[] = Array.isArray(existing) ? (existing as unknown[]).slice(1) : [];
    entries.push([id, options.length > 0 ? [o.severity, ...options] : o.severity]);
  }
  return { ...config, rules: Object.fromEntries(entries) as DrvlintConfig['rules'] };
}
