// bus-internal: CoreInternal and the drvdata accessors belong to bus
// abstractions. Drivers never name CoreInternal.
import { type AnalysisView, type TS, createRule, mayRun, skipOuter, symbolAt, walk } from '@drvlint/core';
import picomatch from 'picomatch';

export interface BusInternalOptions {
  readonly busModules?: readonly string[];
}

export default createRule({
  meta: {
    id: 'bus-internal',
    type: 'problem',
    description:
      'CoreInternal and the drvdata accessors (setDrvdata, drvdataBorrow, drvdataObtain) are used only in bus-abstraction modules; drivers never name CoreInternal.',
    messages: {
      coreInternal: '`CoreInternal` is reserved for bus abstractions; a driver works with the `Core` device its callbacks are given.',
      accessor:
        '`{{member}}()` is for bus abstractions only; a driver keeps its private data as what probe returns and reads it back with `dev.drvdata()` on a bound device.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          busModules: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description:
              'Globs of files that are bus abstractions and may use CoreInternal and the drvdata accessors, matched against the path relative to the directory of the tsconfig (the kernel package is always exempt).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ busModules: [] }] as readonly [BusInternalOptions],
    presets: { recommended: 'error', strict: 'error' },
  },
  check({ analysis, index, file, options, report }) {
    const { ts, checker, kernel } = analysis;
    if (!kernel || isBusModule(analysis, file, options[0]?.busModules ?? [])) return;
    const resolve = (n: TS.Node): TS.Symbol | undefined => symbolAt(checker, ts, n);
    // Names that denote CoreInternal here: its own, and local aliases of it.
    const names = new Set(['CoreInternal']);
    for (const st of file.statements) {
      const b = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : undefined;
      if (b && ts.isNamedImports(b))
        for (const spec of b.elements) if (kernel.coreInternals.has(resolve(spec.name) as TS.Symbol)) names.add(spec.name.text);
    }
    // An identifier is written as its name unless it spells it with a unicode escape (`\u0043oreInternal`): a file
    // whose text has none of the names and no escape has no such identifier, and is not walked.
    const mayName = file.text.includes('\\u') || [...names].some((name) => file.text.includes(name));
    if (mayName)
      walk(ts, file, (n) => {
        if (
          ts.isIdentifier(n) &&
          names.has(n.text) &&
          !(n.parent && ts.isImportSpecifier(n.parent) && n.parent.propertyName === n && n.parent.name !== n)
        ) {
          if (kernel.coreInternals.has(resolve(n) as TS.Symbol)) {
            report({ node: n, messageId: 'coreInternal' });
            return false;
          }
        }
        return undefined;
      });
    for (const call of index.calls) {
      const callee = ts.isCallExpression(call) ? skipOuter(ts, call.expression) : undefined;
      if (!callee || !ts.isPropertyAccessExpression(callee)) continue;
      // Resolving the member types its receiver: only calls that may run one of the members are resolved.
      if (!mayRun(ts, checker, call, (d) => kernel.busOnlySignatures.has(d))) continue;
      // `declarations`, not `valueDeclaration`: a member picked by a mapped type
      // (`Pick<Device<C>, 'setDrvdata'>`) has the kernel's declarations only.
      const decls = checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
      if (decls.some((d) => kernel.busOnlyMembers.has(d)))
        report({ node: call, messageId: 'accessor', data: { member: callee.name.text } });
    }
  },
});

const matchers = new Map<string, (p: string) => boolean>();

function isBusModule(analysis: AnalysisView, file: TS.SourceFile, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  // TypeScript's file names use '/' on every platform.
  const base = `${analysis.projectDir}/`;
  const rel = file.fileName.startsWith(base) ? file.fileName.slice(base.length) : file.fileName;
  return globs.some((g) => {
    let m = matchers.get(g);
    if (!m) matchers.set(g, (m = picomatch(g, { dot: true })));
    return m(rel) || m(file.fileName);
  });
}
