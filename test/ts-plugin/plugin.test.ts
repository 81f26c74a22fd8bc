// The plugin on a real in-process language service: caching per file
// version and import-connected group, and failures kept out of tsserver.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { TEST_COMPILER_OPTIONS } from '../../packages/core/test/program.js';
import { CLEAN, FAULTY, root } from '../cli/helpers.js';

const init = (await import('@drvlint/ts-plugin')).default as unknown as (m: { typescript: typeof ts }) => {
  create(info: unknown): ts.LanguageService & { drvlint: { analysed: number } };
};

const dir = path.join(root, 'test/.virtual-ls');

function editor(files: Record<string, string>, config: unknown = {}, breakProgram?: (p: ts.Program) => ts.Program) {
  const texts = new Map(Object.entries(files).map(([k, v]) => [path.join(dir, k), v]));
  const versions = new Map([...texts.keys()].map((k) => [k, 0]));
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => TEST_COMPILER_OPTIONS,
    getScriptFileNames: () => [...texts.keys()],
    getScriptVersion: (f) => String(versions.get(f) ?? 0),
    getScriptSnapshot: (f) => {
      const t = texts.get(f) ?? ts.sys.readFile(f);
      return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => texts.has(f) || ts.sys.fileExists(f),
    readFile: (f) => texts.get(f) ?? ts.sys.readFile(f),
    readDirectory: ts.sys.readDirectory,
    directoryExists: (d) => d.startsWith(dir) || ts.sys.directoryExists(d),
  };
  const logged: string[] = [];
  const real = ts.createLanguageService(host);
  // tsserver hands plugins its language service; a test may break the program it returns.
  const languageService: ts.LanguageService = breakProgram
    ? { ...real, getProgram: () => breakProgram(real.getProgram() as ts.Program) }
    : real;
  const plugin = init({ typescript: ts }).create({
    languageService,
    languageServiceHost: host,
    config,
    project: { projectService: { logger: { info: (m: string) => logged.push(m) } } },
  });
  return {
    plugin,
    logged,
    file: (name: string) => path.join(dir, name),
    edit(name: string, text: string) {
      const f = path.join(dir, name);
      texts.set(f, text);
      versions.set(f, (versions.get(f) ?? 0) + 1);
    },
    drvlint: (name: string) => plugin.getSemanticDiagnostics(path.join(dir, name)).filter((d) => d.source === 'drvlint'),
  };
}

describe('caching', () => {
  it('re-analyses a file only when something it is connected to by imports changed', () => {
    const e = editor({
      'a.ts': FAULTY,
      'b.ts': CLEAN,
      'helper.ts': 'export function id<T>(x: T): T { return x; }\n',
      'c.ts': `import { id } from './helper.js';\n${CLEAN.replace("name: 'y'", "name: 'z'").replace('return { dev: pdev.ref(), t };', 'return id({ dev: pdev.ref(), t });')}`,
    });
    expect(e.drvlint('a.ts').map((d) => d.code)).toEqual([990001, 990009]);
    e.drvlint('c.ts');
    const after = e.plugin.drvlint.analysed;
    e.drvlint('a.ts');
    e.drvlint('c.ts');
    expect(e.plugin.drvlint.analysed).toBe(after); // nothing changed: all cached
    e.edit('b.ts', `${CLEAN}\n// edited\n`);
    e.drvlint('a.ts');
    e.drvlint('c.ts');
    expect(e.plugin.drvlint.analysed).toBe(after); // b.ts is not connected to a.ts or c.ts
    e.edit('helper.ts', 'export function id<T>(x: T): T {\n  return x;\n}\n');
    e.drvlint('a.ts');
    e.drvlint('c.ts');
    expect(e.plugin.drvlint.analysed).toBe(after + 1); // c.ts imports helper.ts
  });
});

describe('never breaking the editor', () => {
  it('turns an internal error into one diagnostic and a log line, and keeps TypeScript diagnostics', () => {
    // The analysis asks the program for its checker; make that explode.
    const e = editor(
      { 'a.ts': `${FAULTY}\nexport const n: number = 'x';\n` },
      {},
      (program) =>
        new Proxy(program, {
          get: (t, k) =>
            k === 'getTypeChecker'
              ? () => {
                  throw new Error('checker exploded');
                }
              : Reflect.get(t, k),
        }),
    );
    const ds = e.plugin.getSemanticDiagnostics(e.file('a.ts'));
    expect(ds.filter((d) => d.source !== 'drvlint').map((d) => d.code)).toEqual([2322]);
    expect(ds.filter((d) => d.source === 'drvlint').map((d) => [d.code, d.messageText])).toEqual([
      [990099, 'drvlint internal error: checker exploded. Details are in the tsserver log.'],
    ]);
    expect(e.logged.some((l) => l.startsWith(`[drvlint] internal error on ${e.file('a.ts')}: Error: checker exploded`))).toBe(true);
  });

  it("shows a failure shared by several rules once, naming them, with each rule's stack in the log", () => {
    // Every type query made on a rule's behalf fails (the plugin's own checks still work), so
    // the shared analysis the rules start fails for each of them the same way.
    const e = editor({ 'a.ts': FAULTY }, {}, (program) => {
      const checker = program.getTypeChecker();
      const fromRule = () => /[\\/]rules[\\/]dist[\\/]/.test(new Error().stack ?? '');
      const broken = new Proxy(checker, {
        get: (t, k) => {
          const v = Reflect.get(t, k) as unknown;
          return k === 'getTypeAtLocation'
            ? (...a: unknown[]) => {
                if (fromRule()) throw new Error('type query exploded');
                return (v as (...x: unknown[]) => unknown).apply(t, a);
              }
            : v;
        },
      });
      return new Proxy(program, { get: (t, k) => (k === 'getTypeChecker' ? () => broken : Reflect.get(t, k)) });
    });
    const ours = e.plugin.getSemanticDiagnostics(e.file('a.ts')).filter((d) => d.source === 'drvlint');
    const internal = ours.filter((d) => d.code === 990099);
    expect(internal).toHaveLength(1);
    const failed =
      /^drvlint internal error in rules ([a-z-]+(?:, [a-z-]+)+): type query exploded\. Other rules still ran; the stack is in the tsserver log\.$/.exec(
        String(internal[0]?.messageText),
      );
    expect(failed, String(internal[0]?.messageText)).not.toBeNull();
    const rules = failed![1]!.split(', ');
    for (const r of rules)
      expect(
        e.logged.some((l) =>
          l.startsWith(`[drvlint] internal error in rule ${r} on ${e.file('a.ts')}: Error: type query exploded\n    at `),
        ),
      ).toBe(true);
  });

  it('reports a bad plugin configuration as a diagnostic, not a crash', () => {
    const e = editor({ 'a.ts': FAULTY }, { rules: { 'no-such-rule': 'error' } });
    const ds = e.drvlint('a.ts');
    expect(ds[0]?.messageText).toMatch(/^drvlint configuration: unknown rule 'no-such-rule'/);
    expect(ds.slice(1).map((d) => d.code)).toEqual([990001, 990009]);
  });
});
