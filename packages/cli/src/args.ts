import { Command, CommanderError } from 'commander';
import levn from 'levn';
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
  /** Where the report goes instead of stdout. */
  readonly outputFile: string | undefined;
  /** --color / --no-color; undefined: decide from the terminal and the environment. */
  readonly color: boolean | undefined;
  /** Exit 0 whatever was found (usage errors still exit 2): for build-system caches that keep only successful tasks. */
  readonly exitZero: boolean;
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

export type Args =
  CheckArgs | MigrateArgs | { readonly command: 'help'; readonly topic?: 'check' | 'migrate' } | { readonly command: 'version' };

export const HELP = `Usage: drvlint check [paths...] [options]
       drvlint migrate [paths...] [options]

Check driver code written against @drvlint/kernel for the driver model's
lifetime and context rules, or migrate it from @drvlint/kernel/legacy.

  drvlint check --help       the options of check
  drvlint migrate --help     the options of migrate
  -v, --version              the version, and the TypeScript a check here uses

Exit codes: 0 clean, 1 findings, 2 usage or configuration error.`;

export const CHECK_HELP = `Usage: drvlint check [paths...] [options]

Check the project's driver code. Paths (files, folders or globs, quoted so the
shell leaves them alone) narrow what is reported; a path the project does not
include is skipped with a warning.

Options:
  -p, --project <tsconfig>   the tsconfig.json to load (default: the nearest
                             tsconfig.json in this folder or above)
  -f, --format <name>        stylish (default), json, sarif or github
  -o, --output-file <file>   write the report to a file instead of stdout
      --fix                  apply autofixes until nothing changes
      --rule <rule>          as ESLint's: 'no-escape: warn', or no-escape=warn
                             (repeatable)
      --max-warnings <n>     exit 1 when there are more than n warnings (-1: no limit)
      --quiet                report errors only
  -c, --config <file>        a drvlint.config.json other than the project's
      --cache                reuse results of files whose import-connected files
                             are unchanged since the last --cache run
      --cache-location <p>   the cache file, or a folder to keep it in
                             (default: .drvlintcache in the project)
  -j, --jobs <n>             check up to n referenced projects of a solution-style
                             tsconfig at once, in worker threads (default: 1)
      --base-dir <dir>       what github and sarif paths are relative to
                             (default: the git top level, else the working directory)
      --color, --no-color    force colours on or off (default: on a terminal,
                             unless NO_COLOR; FORCE_COLOR turns them on)
      --exit-zero            exit 0 with findings too (for a build system's cache,
                             which keeps only tasks that succeed; gate on the report)
  -h, --help                 show this help

Exit codes: 0 clean, 1 findings, 2 usage or configuration error.`;

export const MIGRATE_HELP = `Usage: drvlint migrate [paths...] [options]

Move drivers from @drvlint/kernel/legacy to the current API. Prints a unified
diff and a summary, and writes nothing, unless:

Options:
  -p, --project <tsconfig>   the tsconfig.json to load (default: the nearest
                             tsconfig.json in this folder or above)
      --write                apply the edits (atomic; never outside the project)
      --check                print the summary only; exit 1 if anything would change
      --only <ids>           run only these transforms (comma-separated): ${wrapped(TRANSFORM_IDS, 29, 6)}
  -f, --format text|json     text (default) or the same as JSON
  -h, --help                 show this help

A step that would add a type error to a file is left out of it and reported.
Exit codes: 0 done, 1 --check found pending changes, 2 usage or configuration error.`;

/** Every option either command takes; each command refuses the other's with a message that names it. */
function withOptions(cmd: Command): Command {
  return cmd
    .argument('[paths...]')
    .helpOption(false)
    .option('-h, --help')
    .option('-p, --project <tsconfig>')
    .option('-f, --format <name>')
    .option('-o, --output-file <file>')
    .option('--fix')
    .option('--rule <rule>', '', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--max-warnings <n>')
    .option('--quiet')
    .option('-c, --config <file>')
    .option('--only <ids>')
    .option('--base-dir <dir>')
    .option('--cache')
    .option('--cache-location <path>')
    .option('-j, --jobs <n>')
    .option('--write')
    .option('--check')
    .option('--color')
    .option('--no-color')
    .option('--exit-zero');
}

/** A commander error as one line: `unknown option '--formt' (did you mean --format?)`. */
function oneLine(e: CommanderError): string {
  return e.message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
    .replace(/\n/g, ' ');
}

export function parse(argv: readonly string[]): Args {
  let result: Args | undefined;
  const program = new Command('drvlint')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} })
    .helpOption(false)
    .option('-h, --help')
    .option('-v, --version')
    // drvlint's own options only before the command: `check --help` is check's.
    .enablePositionalOptions()
    .showSuggestionAfterError();
  for (const name of ['check', 'migrate'] as const)
    program.addCommand(
      withOptions(new Command(name))
        .exitOverride()
        .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} })
        .showSuggestionAfterError()
        .action((paths: string[], values: Values) => {
          if (values.help) result = { command: 'help', topic: name };
          else result = name === 'check' ? checkArgs(values, paths) : migrateArgs(values, paths);
        }),
    );
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // No command: bare `drvlint` and `drvlint --help` print the help, `drvlint --version` the version.
    if (e instanceof CommanderError && (e.code === 'commander.help' || e.code === 'commander.helpDisplayed')) {
      const o = program.opts<{ help?: boolean; version?: boolean }>();
      return o.version && !o.help ? { command: 'version' } : { command: 'help' };
    }
    if (e instanceof CommanderError) {
      const unknownCommand = /^error: unknown command '([^']*)'/.exec(e.message);
      if (unknownCommand)
        throw new UsageError(
          `unknown command '${unknownCommand[1]}': use 'drvlint check [paths...]'${/Did you mean (\w+)/.exec(e.message) ? ` (did you mean ${/Did you mean (\w+)/.exec(e.message)?.[1]}?)` : ''}`,
        );
      throw new UsageError(`${oneLine(e)}; see 'drvlint --help'`);
    }
    throw e;
  }
  return result ?? { command: 'help' };
}

interface Values {
  help?: boolean;
  project?: string;
  format?: string;
  outputFile?: string;
  fix?: boolean;
  rule: string[];
  maxWarnings?: string;
  quiet?: boolean;
  config?: string;
  only?: string;
  baseDir?: string;
  cache?: boolean;
  cacheLocation?: string;
  jobs?: string;
  write?: boolean;
  check?: boolean;
  color?: boolean;
  exitZero?: boolean;
}

/** `--rule` as ESLint takes it (`'id: warn'`, `'{ "id": "warn" }'`, levn syntax), or drvlint's `id=warn`. */
export function ruleSettings(given: string): { id: string; severity: 'off' | 'warn' | 'error' }[] {
  const legacy = /^([\w/-]+)=(off|warn|error)$/.exec(given);
  if (legacy) return [{ id: legacy[1] as string, severity: legacy[2] as 'off' | 'warn' | 'error' }];
  let parsed: unknown;
  try {
    parsed = levn.parse('Object', given);
  } catch {
    parsed = undefined;
  }
  const out: { id: string; severity: 'off' | 'warn' | 'error' }[] = [];
  for (const [id, value] of Object.entries(parsed && typeof parsed === 'object' ? parsed : {})) {
    const level: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    const severity =
      level === 0 || level === '0' ? 'off' : level === 1 || level === '1' ? 'warn' : level === 2 || level === '2' ? 'error' : level;
    if (severity !== 'off' && severity !== 'warn' && severity !== 'error')
      throw new UsageError(`--rule '${given}' is not 'id: off|warn|error' (or <id>=off|warn|error)`);
    out.push({ id, severity });
  }
  if (out.length === 0) throw new UsageError(`--rule '${given}' is not 'id: off|warn|error' (or <id>=off|warn|error)`);
  return out;
}

function checkArgs(values: Values, paths: string[]): CheckArgs {
  for (const o of ['only', 'write', 'check'] as const)
    if (values[o] !== undefined && values[o] !== false) throw new UsageError(`--${o} belongs to 'drvlint migrate'`);
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${String(values.format)}': use one of ${FORMATS.join(', ')}`);
  const rules = values.rule.flatMap(ruleSettings);
  let maxWarnings: number | undefined;
  if (values.maxWarnings !== undefined) {
    const n = Number(values.maxWarnings);
    // -1, as in ESLint: no limit.
    if (!Number.isInteger(n) || n < -1) throw new UsageError(`--max-warnings takes a whole number (or -1), not '${values.maxWarnings}'`);
    maxWarnings = n === -1 ? undefined : n;
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
    fix: values.fix === true,
    rules,
    maxWarnings,
    quiet: values.quiet === true,
    config: values.config,
    baseDir: values.baseDir,
    cache: values.cache ? (values.cacheLocation ?? '') : undefined,
    jobs,
    outputFile: values.outputFile,
    color: values.color,
    exitZero: values.exitZero === true,
  };
}

function migrateArgs(values: Values, paths: readonly string[]): MigrateArgs {
  const format = values.format === undefined || values.format === 'stylish' ? 'text' : values.format;
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown format '${String(values.format)}' for migrate: use text or json`);
  for (const o of ['fix', 'quiet'] as const) if (values[o]) throw new UsageError(`--${o} belongs to 'drvlint check'`);
  if (values.jobs !== undefined) throw new UsageError("--jobs belongs to 'drvlint check'");
  if (values.rule.length > 0 || values.maxWarnings !== undefined)
    throw new UsageError("--rule and --max-warnings belong to 'drvlint check'");
  for (const [o, v] of [
    ['output-file', values.outputFile],
    ['cache', values.cache],
    ['cache-location', values.cacheLocation],
    ['base-dir', values.baseDir],
    ['config', values.config],
    ['exit-zero', values.exitZero],
  ] as const)
    if (v !== undefined) throw new UsageError(`--${o} belongs to 'drvlint check'`);
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
    project: values.project,
    only,
    write: values.write === true,
    check: values.check === true,
    format,
  };
}
