import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis, Components, createRule, groupView } from '@drvlint/core';
import { rules } from '@drvlint/rules';
import { editedPrograms, program } from './program.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const driver = `import { pci, type Core } from '@drvlint/kernel';
let last: unknown;
export const drv = pci.driver({
  name: 'x',
  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),
  probe(pdev: pci.Device<Core>) { last = pdev.ref(); return {}; },
});
`;

describe('Analysis', () => {
  it('is created once per program and indexes each file once', () => {
    const p = program({ 'a.ts': driver });
    const a = Analysis.for(ts, p);
    expect(Analysis.for(ts, p)).toBe(a);
    const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('a.ts'));
    expect(sf).toBeDefined();
    expect(a.view!.indexOf(sf!)).toBe(a.view!.indexOf(sf!));
    expect(a.findings(sf!, rules['no-escape'])).toBe(a.findings(sf!, rules['no-escape']));
    expect(a.findings(sf!, rules['no-escape'])).toHaveLength(1);
  });

  it('finds the kernel calls that defer a callback without resolving every call, through optional calls, aliases, unions and generic wrappers', () => {
    const p = program({
      'a.ts': `import { hrtimer, workqueue } from '@drvlint/kernel';
const q: workqueue.Queue | undefined = workqueue.system;
const cb = (): void => {};
q?.enqueue(cb);
const make = hrtimer.create;
make(() => hrtimer.Restart.NoRestart);
declare const either: typeof hrtimer.create | ((f: () => hrtimer.Restart) => hrtimer.HrTimer);
either(() => hrtimer.Restart.NoRestart);
function via<A extends unknown[], R>(f: (...a: A) => R, ...a: A): R { return f(...a); }
via(hrtimer.create, () => hrtimer.Restart.NoRestart);
const n = Math.max(1, 2);
[1, 2].map((x) => x + n);
`,
    });
    const a = Analysis.for(ts, p);
    const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('a.ts'))!;
    // `via` hands hrtimer.create on as a value: that is not a call of the API, and never was.
    // The work handle is dropped: the kind of deferral that says so.
    expect(a.view!.indexOf(sf).deferrals.map((d) => `${d.how}:${d.sink}:${d.role}`)).toEqual([
      'dropped-work:q?.enqueue:work',
      'kernel:make:timer',
      'kernel:either:timer',
    ]);
  });

  it('turns a crashing rule into one internal-error finding, and other rules still run', () => {
    const p = program({ 'a.ts': driver });
    const a = Analysis.for(ts, p);
    const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('a.ts'))!;
    const broken = createRule({
      meta: {
        id: 'broken',
        type: 'problem',
        description: 'd',
        messages: { m: 'm' },
        schema: [],
        defaultOptions: [],
        presets: { recommended: 'error', strict: 'error' },
      },
      check({ report, file }) {
        report({ node: file, messageId: 'm' });
        throw new Error('boom');
      },
    });
    const found = a.findings(sf, broken);
    expect(found).toEqual([
      expect.objectContaining({
        ruleId: 'broken',
        messageId: 'internalError',
        message: expect.stringContaining('internal error in rule broken: boom'),
      }),
    ]);
    expect(a.findings(sf, rules['no-escape'])).toHaveLength(1);
  });

  it('reports nothing, and does not crash, on a program without the kernel API', () => {
    const p = program({ 'b.ts': 'export const x = 1;\nlet y: unknown;\nexport function f(z: object) { y = z; }\n' });
    const a = Analysis.for(ts, p);
    expect(a.kernel).toBeUndefined();
    for (const sf of p.getSourceFiles()) for (const r of Object.values(rules)) expect(a.findings(sf, r)).toEqual([]);
  });

  it('survives syntax errors', () => {
    const p = program({ 'c.ts': `${driver}\nfunction broken( {\n  last = ;\n` });
    const a = Analysis.for(ts, p);
    const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('c.ts'))!;
    for (const r of Object.values(rules)) expect(a.findings(sf, r).every((f) => f.messageId !== 'internalError')).toBe(true);
  });
});

describe('packages/core', () => {
  it('never loads typescript at run time: the front end passes it in', () => {
    const dist = path.join(here, '../dist');
    // Every layer's folder, not only the top.
    const js = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(5);
    for (const f of js)
      expect(readFileSync(path.join(dist, f), 'utf8')).not.toMatch(/from ['"]typescript['"]|require\(['"]typescript['"]\)/);
  });
});

describe('proven fixes', () => {
  const text = `import { pci } from '@drvlint/kernel';\nexport const n: number = 1;\nexport const ids = pci.idTable([]);\n`;
  const setup = (source = text) => {
    const p = program({ 'fix.ts': source });
    const a = Analysis.for(ts, p);
    const file = p.getSourceFiles().find((f) => f.fileName.endsWith('fix.ts'))!.fileName;
    const at = source.indexOf('= 1;') + 2;
    const edit = (t: string) => [{ start: at, end: at + 1, text: t }];
    const finding = (fix: string, ...suggestions: string[]) => ({
      ruleId: 'x',
      messageId: 'm',
      data: {},
      message: 'the finding',
      file,
      start: at,
      end: at + 1,
      related: [],
      fix: edit(fix),
      suggestions: suggestions.map((s) => ({ message: s, messageId: 's', data: {}, fix: edit(s) })),
    });
    return { a, finding };
  };

  it('withholds a fix or suggestion that adds a compile error, keeps those that do not, and keeps the finding', () => {
    const { a, finding } = setup();
    const proven = a.proven(finding("'one'", '2', 'missingName'));
    expect(proven.fix).toBeUndefined(); // TS2322: a string where a number is declared
    expect(proven.suggestions?.map((s) => s.message)).toEqual(['2']); // TS2304 for the other
    expect(proven.message).toBe('the finding');
    expect(a.proven(finding('3')).fix).toEqual([{ start: finding('3').start, end: finding('3').end, text: '3' }]);
  });

  it('share module resolution across proofs: a later proof does not look up package.json scopes again', () => {
    const { a, finding } = setup();
    expect(a.proven(finding('2')).fix).toBeDefined();
    const real = { fileExists: ts.sys.fileExists, directoryExists: ts.sys.directoryExists };
    let asked = 0;
    ts.sys.fileExists = (f) => (asked++, real.fileExists(f));
    ts.sys.directoryExists = (d) => (asked++, real.directoryExists(d));
    try {
      expect(a.proven(finding('3')).fix).toBeDefined();
      expect(a.proven(finding("'three'")).fix).toBeUndefined();
    } finally {
      Object.assign(ts.sys, real);
    }
    expect(asked).toBe(0);
  });

  it('withholds a fix that does not parse', () => {
    const { a, finding } = setup();
    expect(a.proven(finding('1 +')).fix).toBeUndefined();
  });

  it('compares with the errors the file already has: an existing error does not block a sound fix', () => {
    const { a, finding } = setup(`${text}export const broken: string = 5;\n`);
    expect(a.proven(finding('4')).fix).toBeDefined();
    expect(a.proven(finding("'four'")).fix).toBeUndefined();
  });

  it('proves many findings at once: good fixes kept and bad ones withheld, in the same file or across files', () => {
    const two = `import { pci } from '@drvlint/kernel';\nexport const n: number = 1;\nexport const m: number = 2;\nexport const ids = pci.idTable([]);\n`;
    const p = program({ 'a.ts': two, 'b.ts': two });
    const a = Analysis.for(ts, p);
    const fileOf = (name: string) => p.getSourceFiles().find((f) => f.fileName.endsWith(name))!.fileName;
    const finding = (name: string, at: string, fix: string) => {
      const start = two.indexOf(at) + at.length;
      return {
        ruleId: 'x',
        messageId: 'm',
        data: {},
        message: `${name} ${fix}`,
        file: fileOf(name),
        start,
        end: start + 1,
        related: [],
        fix: [{ start, end: start + 1, text: fix }],
      };
    };
    const all = [
      finding('a.ts', 'n: number = ', '10'), // fine
      finding('a.ts', 'm: number = ', "'bad'"), // TS2322, in a file with a good fix
      finding('b.ts', 'n: number = ', '11'), // fine, alone in its file
      finding('b.ts', 'n: number = ', '12'), // overlaps the one before: proven on its own
    ];
    const proven = a.provenAll(all);
    expect(proven.map((f) => [f.message, f.fix !== undefined])).toEqual([
      ['a.ts 10', true],
      ["a.ts 'bad'", false],
      ['b.ts 11', true],
      ['b.ts 12', true],
    ]);
    // The same verdicts as proving them one at a time.
    const fresh = Analysis.for(ts, program({ 'a.ts': two, 'b.ts': two }));
    expect(all.map((f) => fresh.proven({ ...f, file: f.file }).fix !== undefined)).toEqual([true, false, true, true]);
  });
});

describe('across programs, as in an editor', () => {
  // Source files are reused for unchanged texts, as tsserver and typescript-eslint do.
  const next = editedPrograms('test/.virtual-editor');
  const drv = `import { pci, type Core } from '@drvlint/kernel';\nimport { keep } from './helper.js';\nexport const drv = pci.driver({\n  name: 'x',\n  idTable: pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]),\n  probe(pdev: pci.Device<Core>) { keep(pdev.ref()); return {}; },\n});\n`;
  const harmless = 'export function keep(v: unknown): void {\n  void v;\n}\n';
  const storing = 'const kept: unknown[] = [];\nexport function keep(v: unknown): void {\n  kept.push(v);\n}\n';
  const found = (p: ts.Program, f: string) => {
    const a = Analysis.for(ts, p);
    const sf = p.getSourceFiles().find((s) => s.fileName.endsWith(`/${f}`))!;
    return Object.values(rules).flatMap((r) => a.findings(sf, r).map((x) => x.ruleId));
  };

  it("reuses an unchanged file's index when nothing it is connected to changed, and redoes it when a helper did", () => {
    const p0 = next({ 'driver.ts': drv, 'helper.ts': harmless, 'other.ts': 'export const o = 1;\n' });
    expect(found(p0, 'driver.ts')).toEqual([]);
    const driverFile = () => p0.getSourceFiles().find((s) => s.fileName.endsWith('/driver.ts'))!;
    const before = Analysis.for(ts, p0).view!.indexOf(driverFile());

    // An edit in a file not connected by imports: same source file object, same index.
    const p1 = next({ 'driver.ts': drv, 'helper.ts': harmless, 'other.ts': 'export const o = 2;\n' }, p0);
    expect(p1.getSourceFiles().find((s) => s.fileName.endsWith('/driver.ts'))).toBe(driverFile());
    expect(Analysis.for(ts, p1).view!.indexOf(driverFile())).toBe(before);
    expect(found(p1, 'driver.ts')).toEqual([]);
    // The own files, taken by position from the last program with these resolutions: the edited file is the new object.
    const own = (p: ts.Program) => p.getSourceFiles().filter((s) => !s.isDeclarationFile && s.fileName.includes('/test/.virtual-editor/'));
    const same = (a: readonly ts.SourceFile[], b: readonly ts.SourceFile[]) => a.length === b.length && a.every((f, i) => f === b[i]);
    expect(same(Analysis.for(ts, p0).analysedFiles, own(p0))).toBe(true);
    expect(same(Analysis.for(ts, p1).analysedFiles, own(p1))).toBe(true);
    expect(same(own(p1), own(p0))).toBe(false);

    // The helper now stores what it is given: the unchanged driver file gets its finding.
    const p2 = next({ 'driver.ts': drv, 'helper.ts': storing, 'other.ts': 'export const o = 2;\n' }, p1);
    expect(p2.getSourceFiles().find((s) => s.fileName.endsWith('/driver.ts'))).toBe(driverFile());
    expect(Analysis.for(ts, p2).view!.indexOf(driverFile())).not.toBe(before);
    expect(found(p2, 'driver.ts')).toEqual(['no-escape']);
  });

  it('an edit to one driver that shares a helper with others re-indexes that driver, not its siblings; an edit to the helper re-indexes all', () => {
    const sibling = drv.replace("name: 'x'", "name: 'y'").replace('fromId(1, 2)', 'fromId(1, 3)');
    const files = (d1: string, helper: string) => ({ 'd1.ts': d1, 'd2.ts': sibling, 'helper.ts': helper });
    const p0 = next(files(drv, harmless));
    const sf = (p: ts.Program, f: string) => p.getSourceFiles().find((s) => s.fileName.endsWith(`/${f}`))!;
    const index = (p: ts.Program, f: string) => Analysis.for(ts, p).view!.indexOf(sf(p, f));
    const [d2, helper] = [index(p0, 'd2.ts'), index(p0, 'helper.ts')];
    // Each driver's findings depend on itself and the helper; the helper's on everything.
    const c0 = Analysis.for(ts, p0).components;
    expect(c0.of(sf(p0, 'd2.ts').fileName).map((f) => path.basename(f))).toEqual(['d2.ts', 'helper.ts']);
    expect(c0.of(sf(p0, 'helper.ts').fileName).map((f) => path.basename(f))).toEqual(['d1.ts', 'd2.ts', 'helper.ts']);

    const p1 = next(files(drv.replace('return {};', 'return { n: 1 };'), harmless), p0);
    expect(index(p1, 'd2.ts')).toBe(d2);
    expect(index(p1, 'helper.ts')).toBe(helper);
    expect(found(p1, 'd1.ts')).toEqual([]);

    const p2 = next(files(drv.replace('return {};', 'return { n: 1 };'), storing), p1);
    expect(index(p2, 'd2.ts')).not.toBe(d2);
    expect(found(p2, 'd2.ts')).toEqual(['no-escape']);
    expect(found(p2, 'd1.ts')).toEqual(['no-escape']);
  });

  it('an edit that changes no import keeps the import graph, sets and all; one that changes an import gets a new graph', () => {
    const files = (d1: string) => ({ 'd1.ts': d1, 'helper.ts': storing, 'other.ts': 'export const o = 1;\n' });
    const p0 = next(files(drv));
    const c0 = Analysis.for(ts, p0).components;
    const d1 = (p: ts.Program) => p.getSourceFiles().find((s) => s.fileName.endsWith('/d1.ts'))!.fileName;
    const set0 = c0.of(d1(p0));

    // TypeScript reuses the structure (and the very resolution map) of p0: the graph is handed back, with the set already made.
    const p1 = next(files(drv.replace('return {};', 'return { n: 1 };')), p0);
    expect(Analysis.for(ts, p1).components).toBe(c0);
    expect(Analysis.for(ts, p1).components.of(d1(p1))).toBe(set0);
    expect(found(p1, 'd1.ts')).toEqual(['no-escape']);

    // The driver stops importing the helper: a new graph, without the edge.
    const alone = drv.replace("import { keep } from './helper.js';\n", 'const keep = (v: unknown): void => void v;\n');
    const p2 = next(files(alone), p1);
    const c2 = Analysis.for(ts, p2).components;
    expect(c2).not.toBe(c0);
    expect(c2.of(d1(p2)).map((f) => path.basename(f))).toEqual(['d1.ts']);
    expect(found(p2, 'd1.ts')).toEqual([]);
  });
});

describe('a group view', () => {
  it('sees only its import-connected files, and finds in them exactly what the whole program finds', () => {
    const other = driver.replace("name: 'x'", "name: 'y'");
    const p = program({ 'a.ts': driver, 'b.ts': other });
    const whole = Analysis.for(ts, p);
    const a = p.getSourceFiles().find((f) => f.fileName.endsWith('/a.ts'))!;
    const view = groupView(p, Components.for(ts, p, whole.analysedFiles).of(a.fileName));
    const scoped = Analysis.for(ts, view);
    expect(Analysis.for(ts, view)).toBe(scoped); // one analysis per view, as per program
    expect(whole.view!.drivers.descriptors.map((d) => d.call.getSourceFile().fileName.replace(/^.*\//, '')).sort()).toEqual([
      'a.ts',
      'b.ts',
    ]);
    expect(scoped.view!.drivers.descriptors.map((d) => d.call.getSourceFile().fileName.replace(/^.*\//, ''))).toEqual(['a.ts']);
    for (const rule of Object.values(rules))
      expect(scoped.findings(a, rule).map((f) => f.message)).toEqual(whole.findings(a, rule).map((f) => f.message));
    expect(scoped.findings(a, rules['no-escape']).length).toBe(1);
  });

  it("has its program's kernel model, even where its files import only @drvlint/kernel/legacy", () => {
    const legacyOnly = "import { Revocable } from '@drvlint/kernel/legacy';\nexport const r = new Revocable(1);\n";
    const p = program({ 'a.ts': legacyOnly, 'b.ts': driver });
    const whole = Analysis.for(ts, p);
    const a = p.getSourceFiles().find((f) => f.fileName.endsWith('/a.ts'))!;
    const scoped = Analysis.for(ts, groupView(p, Components.for(ts, p, whole.analysedFiles).of(a.fileName)));
    expect(scoped.program.getSourceFiles().some((f) => f.fileName.endsWith('/b.ts'))).toBe(false);
    expect(scoped.kernel).toBe(whole.kernel);
    expect(scoped.findings(a, rules['no-legacy-api']).map((f) => f.message)).toEqual(
      whole.findings(a, rules['no-legacy-api']).map((f) => f.message),
    );
    expect(whole.findings(a, rules['no-legacy-api'])).toHaveLength(1);
  });
});
