// raw-id-table: `rawIdTable([...entries, ZERO])` becomes `idTable([...entries])`,
// terminated by construction. A raw table that lost its terminator becomes
// `idTable` too, and is reported as a bug fixed: it failed registration.
import { type AnalysisView, type TS, originDeclaration, skipOuter } from '@drvlint/core';
import { wholeLine } from './shared/imports.js';
import type { Transform } from './shared/transform.js';

const transform: Transform = {
  id: 'raw-id-table',
  summary: 'rawIdTable([...entries, ZERO]) becomes idTable([...entries])',
  run(cx) {
    const { analysis } = cx;
    const { ts, kernel } = analysis;
    for (const file of cx.files) {
      for (const call of analysis.indexOf(file).calls) {
        if (!ts.isCallExpression(call)) continue;
        const decl = analysis.kernelCallee(call);
        if (!decl || !kernel?.tableBuilders.get(decl)?.raw) continue;
        const callee = skipOuter(ts, call.expression);
        const arr = call.arguments[0] ? skipOuter(ts, call.arguments[0]) : undefined;
        if (!ts.isPropertyAccessExpression(callee)) {
          cx.leave(call, 'rawIdTable called by a bare name: rename it to idTable by hand');
          continue;
        }
        if (!arr || !ts.isArrayLiteralExpression(arr)) {
          cx.leave(call, 'a raw table built from data, not written as a literal');
          continue;
        }
        const els = arr.elements;
        const zeroAt = els.findIndex((e) => isZero(analysis, e));
        const last = els.length - 1;
        if (zeroAt >= 0 && zeroAt < last) {
          cx.leave(
            els[zeroAt] as TS.Node,
            'a ZERO before the last element: the entries after it never match today, and would with idTable()',
          );
          continue;
        }
        const entries = zeroAt === last ? els.slice(0, last) : [...els];
        if (entries.some((e) => !ts.isArrayLiteralExpression(skipOuter(ts, e)))) {
          cx.leave(call, 'an entry without id info; idTable() takes [id, info] pairs');
          continue;
        }
        cx.edit(file, [{ start: callee.name.getStart(file), end: callee.name.end, text: 'idTable' }]);
        if (zeroAt === last) cx.edit(file, [terminatorRemoval(file, arr, last)]);
        else
          cx.fixedBug(
            call,
            'this raw table had no ZERO terminator, so its driver failed to register (EINVAL); idTable() is terminated by construction',
          );
        cx.migrated(call, zeroAt === last ? 'rawIdTable with its ZERO became idTable' : 'rawIdTable without a terminator became idTable');
      }
    }
  },
};
export default transform;

function isZero(analysis: AnalysisView, e: TS.Expression): boolean {
  const decl = originDeclaration(analysis.ts, analysis.checker, e);
  return decl !== undefined && analysis.kernel?.zeros.has(decl);
}

/** The terminator's whole line when it stands alone on one (with its comma and comment), else it and the comma before it. */
function terminatorRemoval(
  file: TS.SourceFile,
  arr: TS.ArrayLiteralExpression,
  last: number,
): { start: number; end: number; text: string } {
  const zero = arr.elements[last] as TS.Expression;
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', zero.getStart(file) - 1) + 1;
  const lineEnd = text.indexOf('\n', zero.end);
  const rest = text.slice(zero.end, lineEnd < 0 ? text.length : lineEnd);
  if (/^[ \t]*$/.test(text.slice(lineStart, zero.getStart(file))) && /^,?[ \t]*(\/\/.*)?\r?$/.test(rest)) {
    return wholeLine(file, zero).start === lineStart
      ? { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1, text: '' }
      : wholeLine(file, zero);
  }
  const prev = arr.elements[last - 1];
  return {
    start: prev ? prev.end : zero.getStart(file),
    end: arr.elements.hasTrailingComma ? text.indexOf(',', zero.end) + 1 : zero.end,
    text: '',
  };
}
