// no-legacy-api: each use of @drvlint/kernel/legacy is reported with the
// `drvlint migrate` transform that moves it to the current API. Recognised
// by where a name is declared (under the kernel package's legacy entry),
// so aliases and re-exports are seen too.
import { type Analysis, type DriverDescriptor, type TS, type TextEdit, createRule, importSpecifierRemoval, inFile, symbolAt } from '@drvlint/core';

type Transform = 'core-internal' | 'device-removal' | 'registration' | 'remove-to-unbind';

/** What replaces each legacy name, and the transform that migrates it. */
const REPLACEMENT: Readonly<Record<string, { readonly use: string; readonly transform: Transform }>> = {
  Internal: { use: '`CoreInternal`', transform: 'core-internal' },
  DeviceRemoval: { use: '`unbind` for teardown and `Devres` for device resources', transform: 'device-removal' },
  Revocable: { use: '`Devres`, which the driver core revokes at unbind', transform: 'device-removal' },
};
const REGISTRATION = { use: 'a static `pci.driver({...})` (or platform/auxiliary) in `module({ drivers })`', transform: 'registration' } as const;

export default createRule({
  meta: {
    id: 'no-legacy-api',
    type: 'suggestion',
    description: 'The legacy driver API (@drvlint/kernel/legacy) is deprecated: each use is reported with the drvlint migrate transform that moves it to the current API.',
    messages: {
      legacy: '`{{name}}` is from the legacy driver API (@drvlint/kernel/legacy); use {{use}}. Migrate: `drvlint migrate --only {{transform}}`.',
      remove: 'The class driver `{{driver}}` has a legacy `remove()`, which mixes teardown and release; teardown belongs in `unbind`, release in the private data\'s `[Symbol.dispose]`. Migrate: `drvlint migrate --only remove-to-unbind`.',
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'warn', strict: 'error' },
    fixable: 'code',
  },
  check({ analysis, file, report }) {
    const { ts, kernel } = analysis;
    if (!kernel) return;
    const isLegacy = (n: TS.Node): boolean => (symbolAt(analysis.checker, ts, n)?.declarations ?? []).some((d) => kernel.isLegacyFile(d.getSourceFile().fileName));
    const namespaces = new Set<TS.Symbol>();
    for (const st of file.statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause) continue;
      const bindings = st.importClause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        const s = analysis.checker.getSymbolAtLocation(bindings.name);
        if (s && isLegacy(bindings.name)) namespaces.add(s);
      } else if (bindings && ts.isNamedImports(bindings)) {
        for (const spec of bindings.elements) {
          if (!isLegacy(spec.name)) continue;
          const name = (spec.propertyName ?? spec.name).getText();
          const r = REPLACEMENT[name] ?? REGISTRATION;
          const fix = name === 'Internal' ? internalFix(analysis, file, st, spec) : undefined;
          report({ node: spec, messageId: 'legacy', data: { name, use: r.use, transform: r.transform }, ...(fix ? { fix } : {}) });
        }
      }
    }
    // `legacy.Registration`, `legacy.pci.Driver`: each use through a namespace import.
    if (namespaces.size > 0) {
      const visit = (n: TS.Node): void => {
        const q = ts.isPropertyAccessExpression(n) ? n : ts.isQualifiedName(n) ? n : undefined;
        if (q) {
          const base = ts.isPropertyAccessExpression(q) ? q.expression : q.left;
          const s = ts.isIdentifier(base) ? analysis.checker.getSymbolAtLocation(base) : undefined;
          if (s && namespaces.has(s)) {
            const name = ts.isPropertyAccessExpression(q) ? q.name.text : q.right.text;
            const r = REPLACEMENT[name] ?? REGISTRATION;
            report({ node: q, messageId: 'legacy', data: { name: `${base.getText()}.${name}`, use: r.use, transform: r.transform } });
            return;
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(file);
    }
    for (const d of inFile(analysis.drivers.descriptors, classDriverNode, file)) {
      if (d.classDriver && d.remove) {
        report({ node: d.remove.name ?? d.remove, messageId: 'remove', data: { driver: d.classDriver.name?.text ?? '(anonymous)' } });
      }
    }
  },
});

/**
 * `Internal` becomes `CoreInternal`, imported from the current API under the
 * same local name, so no other line changes: the whole import when it names
 * only `Internal`, else the specifier moves to a new type-only import.
 */
const classDriverNode = (d: DriverDescriptor): TS.Node | undefined => d.classDriver;

function internalFix(analysis: Analysis, file: TS.SourceFile, decl: TS.ImportDeclaration, spec: TS.ImportSpecifier): TextEdit[] {
  const { ts } = analysis;
  const local = spec.name.text;
  const imported = `CoreInternal as ${local}`;
  const bindings = decl.importClause?.namedBindings;
  const only = bindings && ts.isNamedImports(bindings) && bindings.elements.length === 1 && !decl.importClause?.name;
  const quote = file.text[decl.moduleSpecifier.getStart(file)] === '"' ? '"' : "'";
  if (only) {
    return [
      { start: spec.getStart(file), end: spec.end, text: `${spec.isTypeOnly ? 'type ' : ''}${imported}` },
      { start: decl.moduleSpecifier.getStart(file), end: decl.moduleSpecifier.end, text: `${quote}@drvlint/kernel${quote}` },
    ];
  }
  const removal = importSpecifierRemoval(file, spec);
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  return [removal, { start: decl.end, end: decl.end, text: `${eol}import type { ${imported} } from ${quote}@drvlint/kernel${quote};` }];
}
