// core-internal: the legacy `Internal` becomes `CoreInternal`, in type
// references and imports; an alias is kept (`Internal as Ctx` becomes
// `CoreInternal as Ctx`, and `Ctx` stays as it is written).
import { type TS, importSpecifierRemoval } from '@drvlint/core';
import { wholeLine } from './shared/imports.js';
import { isLegacyNamed } from './shared/legacy.js';
import type { Transform } from './shared/transform.js';

const transform: Transform = {
  id: 'core-internal',
  summary: 'Internal becomes CoreInternal (aliases kept)',
  run(cx) {
    const { analysis } = cx;
    const { ts, kernel } = analysis;
    if (!kernel) return;
    for (const file of cx.files) {
      const imports = cx.imports(file);
      const visit = (n: TS.Node): void => {
        if (ts.isImportSpecifier(n)) {
          if (isLegacyNamed(analysis, n.name, 'Internal') && n.propertyName && n.name.text !== 'Internal') {
            // `Internal as Ctx`: import CoreInternal as Ctx, drop the legacy one now (the names would clash).
            imports.use('CoreInternal', true, n.name.text);
            cx.edit(file, [specifierRemoval(file, n)]);
            cx.migrated(n, `Internal as ${n.name.text} became CoreInternal as ${n.name.text}`);
          }
          return;
        }
        if (
          (ts.isIdentifier(n) || ts.isQualifiedName(n)) &&
          ts.isTypeReferenceNode(n.parent) &&
          n.parent.typeName === n &&
          isLegacyNamed(analysis, n, 'Internal')
        ) {
          const written = ts.isIdentifier(n) ? n.text : n.right.text;
          // A name from `import { Internal }` (unaliased) or `legacy.Internal`: write the current name.
          if (written === 'Internal' || ts.isQualifiedName(n)) {
            cx.edit(file, [{ start: n.getStart(file), end: n.end, text: imports.use('CoreInternal', true) }]);
            cx.migrated(n, 'Internal became CoreInternal');
          }
          return;
        }
        ts.forEachChild(n, visit);
      };
      visit(file);
    }
  },
};
export default transform;

/** An import specifier with one of the commas around it; the whole import when it is the only name. */
export function specifierRemoval(file: TS.SourceFile, spec: TS.ImportSpecifier): { start: number; end: number; text: string } {
  if (spec.parent.elements.length === 1 && !spec.parent.parent.name) return wholeLine(file, spec.parent.parent.parent);
  return importSpecifierRemoval(file, spec);
}
