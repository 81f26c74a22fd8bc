// The kernel API's type-level promises, checked by the real compiler on a
// corpus written as a third party would (strict, nodenext, es2022 +
// esnext.disposable).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const corpus = fileURLToPath(new URL('../../../fixtures/typecheck/', import.meta.url));

function load(strip = false): { program: ts.Program; directives: number } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(corpus, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('no tsconfig');
  let directives = 0;
  const host = ts.createCompilerHost(parsed.options);
  if (strip) {
    const read = host.readFile.bind(host);
    host.readFile = (f) => {
      const text = read(f);
      if (text === undefined || !f.startsWith(corpus)) return text;
      return text.replace(/\/\/ @ts-expect-error.*$/gm, () => {
        directives++;
        return '//';
      });
    };
  }
  return { program: ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host }), directives };
}

function errors(program: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('@drvlint/kernel types', () => {
  it('type-check a third-party corpus under strict nodenext, with every expected error present', () => {
    const { program } = load();
    expect(program.getRootFileNames().length).toBeGreaterThanOrEqual(3);
    expect(errors(program)).toEqual([]);
  });

  it('without the @ts-expect-error directives, each directive line is exactly one error', () => {
    const { program, directives } = load(true);
    const found = errors(program);
    expect(directives).toBe(24); // 18 in contexts.ts, 3 in teardown.ts, 3 in legacy.ts
    expect(found).toHaveLength(directives);
    expect(found.every((e) => !e.includes('TS2578'))).toBe(true);
  });

  it('every export of the legacy entry is @deprecated, naming its replacement and the transform that migrates it', () => {
    const { program } = load();
    const checker = program.getTypeChecker();
    const file = program.getSourceFiles().find((f) => /[\\/]dist[\\/]legacy[\\/]index\.d\.ts$/.test(f.fileName));
    const mod = file && checker.getSymbolAtLocation(file);
    expect(mod).toBeDefined();
    const exports = checker.getExportsOfModule(mod as ts.Symbol);
    // The contract's names, and the type of a legacy module's definition.
    expect(exports.map((s) => s.name).sort()).toEqual([
      'DeviceRemoval',
      'Internal',
      'LegacyModuleDef',
      'Registration',
      'Revocable',
      'ThisModule',
      'auxiliary',
      'module',
      'pci',
      'platform',
    ]);
    const exported = exports.map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
    const deprecation = (s: ts.Symbol): string | undefined => {
      const decls =
        s.flags & ts.SymbolFlags.ValueModule ? checker.getExportsOfModule(s).flatMap((e) => e.declarations ?? []) : (s.declarations ?? []);
      const tag = decls.map((d) => ts.getJSDocDeprecatedTag(d)).find((t) => t !== undefined);
      return tag ? ts.getTextOfJSDocComment(tag.comment) : undefined;
    };
    for (const s of exported)
      expect(deprecation(s), s.name).toMatch(/Migrate: .*(core-internal|device-removal|registration|remove-to-unbind)/);
  });

  it('the every-member driver also runs clean in the simulated core', async () => {
    const { exercise } = await import('../../../fixtures/typecheck/every-member.js');
    expect(exercise()).toEqual([]);
  });
});
