import { parseArgs } from 'node:util';
import { TRANSFORM_IDS } from '@drvlint/core';
import { UsageError } from './errors.js';

/** `ids`, comma-separated and wrapped at 80 columns under an indent of `indent`; the first line has `first` columns left (at least one id). */
function wrapped(ids: readonly string[], indent: number, first: number): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, id] of ids.entries()) {
    const word = i < ids.length - 1 ? `${id},` : id;
    const room = lines.length === 0 ? first : 80 - indent;
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckArgs {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly project: string | undefined;
  readonly format: Format;
  readonly fix: boolean;
  readonly rules: readonly { readonly id: string; readonly severity: 'off' | 'warn' | 'error' }[];
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  readonly config: string | undefined;
  /** What `github` and `sarif` paths are relative to; by default the git top level, else the working directory. */
  readonly baseDir: string | undefined;
  /** Where results are cached between runs; undefined without --cache. */
  readonly cache: string | undefined;
  /** How many referenced projects of a solution-style tsconfig to check at once. */
  readonly jobs: number;
}

export interface MigrateArgs {
  readonly command: 'migrate';
  readonly paths: readonly string[];
  readonly project: string | undefined;
  /** Transform ids to run, in the contract's order; all when not given. */
  readonly only: readonly string[] | undefined;
  readonly write: boolean;
  readonly check: boolean;
  readonly format: 'text' | 'json';
}

export type Args = CheckArgs | MigrateArgs | { readonly command: 'help' } | { readonly command: 'version' };

export const HELP = `Usage: drvlint check [paths...] [options]
       drvlint migrate [paths...] [-p tsconfig.json] [--only t1,t2] [--write | --check] [--format text|json]

Check driver code written against @drvlint/kernel for the driver model's
lifetime and context rules.

Options:
  -p, --project <tsconfig>   the tsconfig.json to load (default: ./tsconfig.json)
  -f, --format <name>        stylish (default), json, sarif or github
      --fix                  apply autofixes until nothing changes
      --rule <id>=<level>    set a rule to off, warn or error (repeatable)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --quiet                report errors only
  -c, --config <file>        a drvlint.config.json other than the project's
      --cache                reuse results of files whose import-connected files
                             are unchanged since the last --cache run
      --cache-location <p>   the cache file (default: .drvlintcache in the project)
  -j, --jobs <n>             check up to n referenced projects of a solution-style
                             tsconfig at once, in worker threads (default: 1)
      --base-dir <dir>       what github and sarif paths are relative to
                             (default: the git top level, else the working directory)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 clean, 1 findings, 2 usage or configuration error.

migrate moves drivers from @drvlint/kernel/legacy to the current API. It prints
a unified diff and a summary and writes nothing, unless:
      --write                apply the edits (atomic; never outside the project)
      --check                print the summary only; exit 1 if anything would change
      --only <ids>           run only these transforms (comma-separated): ${wrapped(TRANSFORM_IDS, 29, 6)}
      --format text|json     text (default) or the same as JSON
A file whose migration would add a type error is left untouched and reported.
Exit codes: 0 done, 1 --check found pending changes, 2 usage or configuration error.`;

export function parse(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        project: { type: 'string', short: 'p' },
        format: { type: 'string', short: 'f', default: 'stylish' },
        fix: { type: 'boolean', default: false },
        rule: { type: 'string', multiple: true, default: [] },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        config: { type: 'string', short: 'c' },
        only: { type: 'string' },
        'base-dir': { type: 'string' },
        cache: { type: 'boolean', default: false },
        'cache-location': { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        write: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; see 'drvlint --help'`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === 'migrate') return migrateArgs(values, paths);
  if (command !== 'check')
    throw new UsageError(
      command === undefined
        ? "missing command: use 'drvlint check [paths...]'"
        : `unknown command '${command}': use 'drvlint check [paths...]'`,
    );
  for (const o of ['only', 'write', 'check'] as const)
    if (values[o] !== undefined && values[o] !== false) throw new UsageError(`--${o} belongs to 'drvlint migrate'`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}': use one of ${FORMATS.join(', ')}`);
  const rules = values.rule.map((r) => {
    const m = /^([\w/-]+)=(off|warn|error)$/.exec(r);
    if (!m) throw new UsageError(`--rule '${r}' is not <id>=off|warn|error`);
    return { id: m[1] as string, severity: m[2] as 'off' | 'warn' | 'error' };
  });
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  }
  let jobs = 1;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number of at least 1, not '${values.jobs}'`);
    // Two projects can share a file: their fixes would race to write it.
    if (jobs > 1 && values.fix) throw new UsageError('--fix runs one project at a time: drop --jobs, or run --fix and --jobs separately');
  }
  return {
    command: 'check',
    paths,
    project: values.project,
    format,
    fix: values.fix,
    rules,
    maxWarnings,
    quiet: values.quiet,
    config: values.config,
    baseDir: values['base-dir'],
    cache: values.cache ? (values['cache-location'] ?? '') : undefined,
    jobs,
  };
}

function migrateArgs(values: Record<string, unknown>, paths: readonly string[]): MigrateArgs {
  const format = values.format === 'stylish' ? 'text' : values.format;
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown format '${String(values.format)}' for migrate: use text or json`);
  for (const o of ['fix', 'quiet'] as const) if (values[o]) throw new UsageError(`--${o} belongs to 'drvlint check'`);
  if (values.jobs !== undefined) throw new UsageError("--jobs belongs to 'drvlint check'");
  if ((values.rule as string[]).length > 0 || values['max-warnings'] !== undefined)
    throw new UsageError("--rule and --max-warnings belong to 'drvlint check'");
  if (values.write && values.check) throw new UsageError('--write and --check do not go together: --check only reports');
  let only: string[] | undefined;
  if (typeof values.only === 'string') {
    only = values.only
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = only.filter((id) => !(TRANSFORM_IDS as readonly string[]).includes(id));
    if (unknown.length > 0 || only.length === 0)
      throw new UsageError(`unknown transform '${unknown.join("', '") || values.only}': use ${TRANSFORM_IDS.join(', ')}`);
  }
  return {
    command: 'migrate',
    paths,
    project: values.project as string | undefined,
    only,
    write: values.write === true,
    check: values.check === true,
    format,
  };
}
