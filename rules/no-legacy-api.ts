// no-legacy-api: each use of @drvlint/kernel/legacy is reported with the
// `drvlint migrate` transform that moves it to the current API. Recognised
// by where a name is declared (under the kernel package's legacy entry),
// so aliases and re-exports are seen too.
import {
  type AnalysisView,
  type TransformId,
  type DriverDescriptor,
  type TS,
  type TextEdit,
  createRule,
  importSpecifierRemoval,
  inFile,
  resolve,
  symbolAt,
} from '@drvlint/core';

/** What replaces each legacy name, and the transform that migrates it. */
const REPLACEMENT: Readonly<Record<string, { readonly use: string; readonly transform: TransformId }>> = {
  Internal: { use: '`CoreInternal`', transform: 'core-internal' },
  DeviceRemoval: { use: '`unbind` for teardown and `Devres` for device resources', transform: 'device-removal' },
  Revocable: { use: '`Devres`, which the driver core revokes at unbind', transform: 'device-removal' },
};
const REGISTRATION = {
  use: 'a static `pci.driver({...})` (or platform/auxiliary) in `module({ drivers })`',
  transform: 'registration',
} as const;

export default createRule({
  meta: {
    id: 'no-legacy-api',
    type: 'suggestion',
    description:
      'The legacy driver API (@drvlint/kernel/legacy) is deprecated: each use is reported with the drvlint migrate transform that moves it to the current API.',
    messages: {
      legacy:
        '`{{name}}` is from the legacy driver API (@drvlint/kernel/legacy); use {{use}}. Migrate: `drvlint migrate --only {{transform}}`.',
      remove:
        "The class driver `{{driver}}` has a legacy `remove()`, which mixes teardown and release; teardown belongs in `unbind`, release in the private data's `[Symbol.dispose]`. Migrate: `drvlint migrate --only remove-to-unbind`.",
    },
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'warn', strict: 'error' },
    fixable: 'code',
  },
  check({ analysis, file, report }) {
    const { ts, kernel, checker } = analysis;
    if (!kernel) return;
    const legacyFile = (s: TS.Symbol): boolean => (s.declarations ?? []).some((d) => kernel.isLegacyFile(d.getSourceFile().fileName));
    /** The legacy declaration `n` names, through aliases and re-exports (a project's own barrel included), or undefined. */
    const legacyAt = (n: TS.Node): TS.Symbol | undefined => {
      const s = symbolAt(checker, ts, n);
      return s && legacyFile(s) ? s : undefined;
    };
    // Namespaces in this file: of a legacy module itself (every member is legacy), or of a module that re-exports some legacy names.
    const legacyNamespaces = new Set<TS.Symbol>();
    const mixedNamespaces = new Set<TS.Symbol>();
    for (const st of file.statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause) continue;
      const bindings = st.importClause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        const local = checker.getSymbolAtLocation(bindings.name);
        const module = local && symbolAt(checker, ts, bindings.name);
        if (local && module && legacyFile(module)) legacyNamespaces.add(local);
        else if (local && module && reExportsLegacy(analysis, module, legacyFile)) mixedNamespaces.add(local);
      } else if (bindings && ts.isNamedImports(bindings)) {
        for (const spec of bindings.elements) {
          const s = legacyAt(spec.name);
          if (!s) continue;
          const local = checker.getSymbolAtLocation(spec.name);
          // A legacy module imported by name (`export * as old from '@drvlint/kernel/legacy'` in a barrel): its uses are reported, as a namespace import's.
          if (isModule(ts, s)) {
            if (local) legacyNamespaces.add(local);
            continue;
          }
          const name = (spec.propertyName ?? spec.name).getText();
          const r = REPLACEMENT[s.name] ?? REGISTRATION;
          const fix = s.name === 'Internal' ? internalFix(analysis, file, st, spec) : undefined;
          report({ node: spec, messageId: 'legacy', data: { name, use: r.use, transform: r.transform }, ...(fix ? { fix } : {}) });
        }
      }
    }
    // `legacy.Registration`, `legacy.pci.Driver`, `compat.module`: each use through a namespace.
    if (legacyNamespaces.size > 0 || mixedNamespaces.size > 0) {
      const visit = (n: TS.Node): void => {
        const q = ts.isPropertyAccessExpression(n) ? n : ts.isQualifiedName(n) ? n : undefined;
        if (q) {
          const base = ts.isPropertyAccessExpression(q) ? q.expression : q.left;
          const member = ts.isPropertyAccessExpression(q) ? q.name : q.right;
          const s = ts.isIdentifier(base) ? checker.getSymbolAtLocation(base) : undefined;
          const legacy =
            s !== undefined &&
            (legacyNamespaces.has(s) ? (legacyAt(member) ?? true) : mixedNamespaces.has(s) ? legacyAt(member) : undefined);
          if (legacy) {
            const r = REPLACEMENT[legacy === true ? member.text : legacy.name] ?? REGISTRATION;
            report({
              node: q,
              messageId: 'legacy',
              data: { name: `${base.getText()}.${member.text}`, use: r.use, transform: r.transform },
            });
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

/** A module or namespace, as `export * as old from …` re-exports one. */
const isModule = (ts: AnalysisView['ts'], s: TS.Symbol): boolean =>
  (s.declarations ?? []).some((d) => ts.isSourceFile(d) || ts.isModuleDeclaration(d));

/** Whether a module exports any legacy name (through `export *` and renames): asked once per module and checker. */
function reExportsLegacy(analysis: AnalysisView, module: TS.Symbol, legacyFile: (s: TS.Symbol) => boolean): boolean {
  let known = mixedModules.get(module);
  if (known === undefined) {
    const { ts, checker } = analysis;
    known = checker.getExportsOfModule(module).some((e) => legacyFile(resolve(checker, ts, e)));
    mixedModules.set(module, known);
  }
  return known;
}

const mixedModules = new WeakMap<TS.Symbol, boolean>();

const classDriverNode = (d: DriverDescriptor): TS.Node | undefined => d.classDriver;

/**
 * `Internal` becomes `CoreInternal`, imported from the current API under the
 * same local name, so no other line changes: the whole import when it names
 * only `Internal`, else the specifier moves to a new type-only import.
 */
function internalFix(analysis: AnalysisView, file: TS.SourceFile, decl: TS.ImportDeclaration, spec: TS.ImportSpecifier): TextEdit[] {
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
