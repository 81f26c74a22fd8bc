import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

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
}

export type Args = CheckArgs | { readonly command: 'help' } | { readonly command: 'version' };

export const HELP = `Usage: drvlint check [paths...] [options]

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
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 clean, 1 findings, 2 usage or configuration error.`;

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
  if (command !== 'check') throw new UsageError(command === undefined ? "missing command: use 'drvlint check [paths...]'" : `unknown command '${command}': use 'drvlint check [paths...]'`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}': use one of ${FORMATS.join(', ')}`);
  const rules = (values.rule as string[]).map((r) => {
    const m = /^([\w/-]+)=(off|warn|error)$/.exec(r);
    if (!m) throw new UsageError(`--rule '${r}' is not <id>=off|warn|error`);
    return { id: m[1] as string, severity: m[2] as 'off' | 'warn' | 'error' };
  });
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not '${values['max-warnings']}'`);
  }
  return { command: 'check', paths, project: values.project, format, fix: values.fix as boolean, rules, maxWarnings, quiet: values.quiet as boolean, config: values.config };
}
