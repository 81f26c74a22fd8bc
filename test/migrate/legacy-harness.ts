// Holds `drvlint migrate --write` to the contract on a batch of generated
// legacy drivers, in one real project on disk: before and after, each driver
// runs in the simulated driver core under the same scenario; the result must
// type-check, keep no legacy import except for a documented refusal, give no
// `drvlint check` finding that the legacy driver did not have, have the
// legacy driver's lifecycle trace (the driver its author meant, for a table
// that lost its terminator), and be unchanged by a second run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { type KernelModule, pci } from '@drvlint/kernel';
import { DriverCore } from '@drvlint/kernel/testing';
import { drvlint, project } from '../cli/helpers.js';
import { type LegacyScenario, type LegacySpec, expectedRefusal, legacyDriver, terminated } from './legacy-grammar.js';

export interface RunResult {
  readonly trace: readonly string[];
  readonly report: readonly string[];
  readonly loadError?: string;
}

/** Load, add the scenario's devices, remove them, unload. */
export function runScenario(mod: KernelModule, scenario: LegacyScenario): RunResult {
  const core = new DriverCore();
  let loadError: string | undefined;
  try {
    core.load(mod);
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
  }
  const devices = [
    ...scenario.pci.map((device) => core.pci.addDevice({ vendor: pci.Vendor.REDHAT, device, bars: [{ size: 4096 }] })),
    ...scenario.platform.map((p) =>
      core.platform.addDevice({
        name: p.name,
        ...(p.compatible ? { compatible: [p.compatible] } : {}),
        ...(p.hid ? { hid: p.hid } : {}),
        resources: [{ size: 4096 }],
      }),
    ),
  ];
  for (const d of devices) core.removeDevice(d);
  if (loadError === undefined) core.unload(mod);
  return { trace: core.trace, report: core.report().map((v) => `${v.kind}: ${v.message}`), ...(loadError ? { loadError } : {}) };
}

function compile(text: string, out: string): void {
  const js = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  }).outputText;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, js);
}

async function runFile(file: string, scenario: LegacyScenario): Promise<RunResult> {
  const mod = ((await import(pathToFileURL(file).href)) as { default: KernelModule }).default;
  return runScenario(mod, scenario);
}

function typeErrors(dir: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error(`${dir}/tsconfig.json did not parse`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => `${d.file ? path.relative(dir, d.file.fileName) : ''} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

async function findings(dir: string): Promise<Map<string, string[]>> {
  const { stdout } = await drvlint(dir, 'check', '-f', 'json');
  const out = new Map<string, string[]>();
  for (const r of JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[])
    out.set(
      path.relative(dir, r.filePath),
      r.messages.map((m) => `${m.ruleId}: ${m.message}`),
    );
  return out;
}

interface Summary {
  transforms: { id: string; left: { file: string; message: string }[] }[];
  untouched: { file: string; message: string }[];
}

/** Every way the batch breaks the contract; empty when it keeps it. */
export async function checkBatch(dir: string, specs: readonly LegacySpec[]): Promise<string[]> {
  const drivers = specs.map((s, n) => ({ spec: s, n, rel: `src/gen-${n}.ts`, ...legacyDriver(s, n) }));
  const glue = drivers.flatMap((d) => (d.glue ? [[`src/bus-${d.n}.ts`, d.glue] as const] : []));
  project(dir, Object.fromEntries([...drivers.map((d) => [d.rel, d.text] as const), ...glue]));
  // The glue files are bus abstractions, where CoreInternal belongs.
  writeFileSync(
    path.join(dir, 'drvlint.config.json'),
    JSON.stringify({ rules: { 'bus-internal': ['error', { busModules: ['src/bus-*.ts'] }] } }),
  );
  const problems: string[] = [];
  const say = (d: (typeof drivers)[number], what: string) => problems.push(`${d.rel} ${JSON.stringify(d.spec)}: ${what}`);

  const legacyErrors = typeErrors(dir);
  if (legacyErrors.length > 0) return [`the generated legacy drivers do not type-check: ${legacyErrors.join('; ')}`];
  const before = await findings(dir);
  // The reference: each legacy driver as its author meant it, run in the core.
  const reference = new Map<number, RunResult>();
  for (const d of drivers) {
    const meant = terminated(d.spec) === d.spec ? d.text : legacyDriver(terminated(d.spec), d.n).text;
    compile(meant, path.join(dir, 'ref', `gen-${d.n}.js`));
    const r = await runFile(path.join(dir, 'ref', `gen-${d.n}.js`), d.scenario);
    if (r.loadError || r.report.length > 0) say(d, `the legacy driver is not clean in the core: ${r.loadError ?? r.report.join('; ')}`);
    reference.set(d.n, r);
    if (d.spec.table === 'rawMissingZero') {
      compile(d.text, path.join(dir, 'lost', `gen-${d.n}.js`));
      const lost = await runFile(path.join(dir, 'lost', `gen-${d.n}.js`), d.scenario);
      if (!/EINVAL/.test(lost.loadError ?? '')) say(d, `a raw table without its terminator loaded: ${lost.loadError ?? 'no error'}`);
    }
  }
  if (problems.length > 0) return problems;

  const run = await drvlint(dir, 'migrate', '--write', '-f', 'json');
  if (run.code !== 0) return [`drvlint migrate --write exited ${run.code}: ${run.stderr}`];
  const summary = JSON.parse(run.stdout) as Summary;
  const errors = typeErrors(dir);
  for (const e of errors) problems.push(`after migrate: ${e}`);
  const after = await findings(dir);

  for (const d of drivers) {
    const text = readFileSync(path.join(dir, d.rel), 'utf8');
    const refusal = expectedRefusal(d.spec);
    const left = [...summary.transforms.flatMap((t) => t.left), ...summary.untouched].filter((s) => s.file === d.rel);
    if (refusal) {
      if (!left.some((s) => refusal.test(s.message)))
        say(
          d,
          `expected to be left for a person (${String(refusal)}), but the summary says: ${left.map((s) => s.message).join('; ') || 'nothing'}`,
        );
    } else {
      if (text.includes('@drvlint/kernel/legacy'))
        say(d, `legacy code is left: ${left.map((s) => s.message).join('; ') || '(no reason given)'}\n${text}`);
      if (left.length > 0) say(d, `sites left for a person: ${left.map((s) => s.message).join('; ')}`);
    }
    const had = new Set((before.get(d.rel) ?? []).map((f) => f.slice(0, f.indexOf(':'))));
    const fresh = (after.get(d.rel) ?? []).filter((f) => {
      const rule = f.slice(0, f.indexOf(':'));
      return refusal ? !had.has(rule) : true;
    });
    if (fresh.length > 0) say(d, `drvlint check after migrate: ${fresh.join('; ')}\n${text}`);
    compile(text, path.join(dir, 'dist', `gen-${d.n}.js`));
    const now = await runFile(path.join(dir, 'dist', `gen-${d.n}.js`), d.scenario);
    const ref = reference.get(d.n) as RunResult;
    if (now.loadError || now.report.length > 0)
      say(d, `the migrated driver is not clean in the core: ${now.loadError ?? now.report.join('; ')}`);
    if (now.trace.join('\n') !== ref.trace.join('\n'))
      say(d, `the lifecycle trace changed:\n--- legacy\n${ref.trace.join('\n')}\n--- migrated\n${now.trace.join('\n')}\n${text}`);
  }
  for (const [rel] of glue) {
    const text = readFileSync(path.join(dir, rel), 'utf8');
    if (text.includes('@drvlint/kernel/legacy')) problems.push(`${rel}: legacy code is left in bus glue:\n${text}`);
    if ((after.get(rel) ?? []).length > 0) problems.push(`${rel}: drvlint check after migrate: ${(after.get(rel) ?? []).join('; ')}`);
  }
  const again = await drvlint(dir, 'migrate', '--check');
  if (again.code !== 0) problems.push(`a second run would change something:\n${again.stdout}`);
  return problems;
}
