// neverAny says from syntax alone that an expression's type is not `any`, so
// that rules looking for `any` need not type it. Held to the checker on every
// operator, with `any` operands: where it says never, the checker must agree,
// and every operator that can pass `any` on must be left to the checker.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { neverAny } from '../src/syntax/syntax.js';
import { nodesIn, program } from './program.js';

const BINARY = [
  '-',
  '*',
  '/',
  '%',
  '**',
  '<<',
  '>>',
  '>>>',
  '&',
  '|',
  '^',
  '<',
  '>',
  '<=',
  '>=',
  '==',
  '!=',
  '===',
  '!==',
  '+',
  '&&',
  '||',
  '??',
  ',',
];
// Assignments give what they assign; `-=` and the like give a number, but are left to the checker all the same.
const ASSIGNING = ['=', '+=', '||=', '&&=', '??='];
const OTHER = [
  '!a',
  '-a',
  '+a',
  '~a',
  '++a',
  'a++',
  '--a',
  'a--',
  'typeof a',
  'void a',
  'delete a.x',
  'a instanceof f',
  'a in o',
  '(a - a)',
  '((a ?? a))',
  '`t${a}`',
  "'s'",
  '1',
  '1n',
  'true',
  'null',
  '() => a',
  'function () { return a; }',
  '{ a }',
  '[a]',
  'class {}',
  'a',
  'a.x',
  'a()',
  '(a as any)',
];

describe('expressions that are never any by their syntax', () => {
  // A comma in an initializer would start a second declaration.
  const shapes = [...BINARY.map((op) => (op === ',' ? '(a, a)' : `a ${op} a`)), ...ASSIGNING.map((op) => `b ${op} a`), ...OTHER];
  const code = `declare let a: any;\nlet b: any;\ndeclare const f: Function;\ndeclare const o: object;\n${shapes
    .map((s, i) => `export const v${i} = ${s};`)
    .join('\n')}\n`;
  const p = program({ 'never-any.ts': code });
  const checker = p.getTypeChecker();
  const { sf, nodes: declarations } = nodesIn(p, 'never-any.ts', ts.isVariableDeclaration);
  const initializers = declarations.flatMap((d) => (d.initializer && /^v\d+$/.test(d.name.getText(sf)) ? [d.initializer] : []));
  const isAny = (e: ts.Expression) => (checker.getTypeAtLocation(e).flags & ts.TypeFlags.Any) !== 0;

  it('are not any to the checker', () => {
    expect(initializers).toHaveLength(shapes.length);
    for (const e of initializers) if (neverAny(ts, e)) expect(isAny(e), e.getText(sf)).toBe(false);
  });

  it('include every operator but those that can pass an operand on, which the checker types as any here', () => {
    const left = initializers.filter((e) => !neverAny(ts, e)).map((e) => e.getText(sf));
    expect(left).toEqual([
      'a + a',
      'a && a',
      'a || a',
      'a ?? a',
      '(a, a)',
      ...ASSIGNING.map((op) => `b ${op} a`),
      '((a ?? a))',
      'a',
      'a.x',
      'a()',
      '(a as any)',
    ]);
    for (const e of initializers.filter((x) => !neverAny(ts, x))) expect(isAny(e), e.getText(sf)).toBe(true);
  });
});
