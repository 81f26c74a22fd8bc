// Destructuring assignment patterns, read as syntax: which names and fields a
// pattern writes, and what each receives when the right side is a literal of
// the same shape.
import type { TS, TypeScript } from '../ts.js';
import { propertyName, skipOuter } from './syntax.js';

/** Whether `e` is an object or array literal: on the left of `=`, a destructuring pattern. */
export function isPattern(ts: TypeScript, e: TS.Expression): boolean {
  const x = skipOuter(ts, e);
  return ts.isObjectLiteralExpression(x) || ts.isArrayLiteralExpression(x);
}

/**
 * The targets of an assignment pattern, with what each receives when the
 * right side is a literal of the same shape: `x` gets `pdev` in
 * `[x] = [pdev]`. A default (`{ a: x = d }`) is skipped to its target; a rest
 * element, or an element after a spread, gets nothing known.
 */
export function patternLeaves(
  ts: TypeScript,
  pattern: TS.Expression,
  source: TS.Expression | undefined,
): { target: TS.Expression; value: TS.Expression | undefined }[] {
  const out: { target: TS.Expression; value: TS.Expression | undefined }[] = [];
  const leaf = (t: TS.Expression, v: TS.Expression | undefined): void => {
    const target = ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken ? t.left : t;
    if (isPattern(ts, target)) out.push(...patternLeaves(ts, target, v));
    else out.push({ target, value: v });
  };
  const p = skipOuter(ts, pattern);
  const src = source && skipOuter(ts, source);
  if (ts.isObjectLiteralExpression(p)) {
    const members =
      src && ts.isObjectLiteralExpression(src) && !src.properties.some((m) => ts.isSpreadAssignment(m)) ? src.properties : undefined;
    const member = (name: TS.PropertyName): TS.Expression | undefined => {
      const key = propertyName(ts, name);
      // The last member of that name wins, as at run time.
      let m: TS.ObjectLiteralElementLike | undefined;
      for (const x of key === undefined ? [] : (members ?? [])) if (propertyName(ts, x.name) === key) m = x;
      return m && ts.isPropertyAssignment(m) ? m.initializer : m && ts.isShorthandPropertyAssignment(m) ? m.name : undefined;
    };
    for (const prop of p.properties) {
      if (ts.isPropertyAssignment(prop)) leaf(prop.initializer, member(prop.name));
      else if (ts.isShorthandPropertyAssignment(prop)) leaf(prop.name, member(prop.name));
      else if (ts.isSpreadAssignment(prop)) leaf(prop.expression, undefined);
    }
  } else if (ts.isArrayLiteralExpression(p)) {
    const elements = src && ts.isArrayLiteralExpression(src) ? src.elements : undefined;
    const firstSpread = elements?.findIndex((e) => ts.isSpreadElement(e)) ?? -1;
    p.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      if (ts.isSpreadElement(el)) {
        leaf(el.expression, undefined);
        return;
      }
      const v = elements && (firstSpread < 0 || i < firstSpread) ? elements[i] : undefined;
      leaf(el, v && !ts.isOmittedExpression(v) ? v : undefined);
    });
  }
  return out;
}
