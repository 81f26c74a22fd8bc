// A method called on the result of a call (`a.b().c()`) is read from the
// declared result of the inner call when that call can resolve to one
// non-generic signature (possible-signatures.ts). The claim is checked
// against the checker on generated chains: every root a chain can start from
// (a parameter, a subclass, `this`, `new`, a plain and a generic function, an
// interface, an optional value), with or without an `instanceof` that narrows
// the root to a subclass, and every step a type offers (a class result, `this`,
// a generic, an overload, a union), so that a result the shortcut reads wrong
// makes it name a method the checker does not resolve to.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { soleDeclaration } from '../src/calls/callee-types.js';
import { agreementIn } from './agreement.js';
import { callsIn, program } from './program.js';

const prelude = `
export class A {
  next(): A {
    return this;
  }
  self(): this {
    return this;
  }
  b(): B {
    return new B();
  }
  g<T>(x: T): T {
    return x;
  }
  o(x: number): A;
  o(x: string): B;
  o(x: unknown): A | B {
    return typeof x === 'number' ? this : new B();
  }
  u(flag: boolean): A | B {
    return flag ? this : new B();
  }
  m(): number {
    return 1;
  }
}
export class A2 extends A {
  override next(): A2 {
    return this;
  }
  override m(): number {
    return 2;
  }
}
export class B {
  a(): A {
    return new A();
  }
  m(): string {
    return 'b';
  }
}
export interface I {
  i(): A;
  m(): number;
}
export function makeA(): A {
  return new A();
}
export function keep<T>(x: T): T {
  return x;
}
`;

type Static = 'A' | 'A2' | 'B' | 'I' | 'AorB';

/** The steps a value of each static type offers: the text and the static type of the result. */
const STEPS: Record<Static, readonly (readonly [string, Static])[]> = {
  A: [
    ['.next()', 'A'],
    ['.self()', 'A'],
    ['.b()', 'B'],
    ['.g(new A2())', 'A2'],
    ['.o(1)', 'A'],
    ["['next']()", 'A'],
  ],
  A2: [
    ['.next()', 'A2'],
    ['.self()', 'A2'],
    ['.b()', 'B'],
    ['.o(1)', 'A'],
  ],
  B: [['.a()', 'A']],
  I: [['.i()', 'A']],
  // A union: both members have `m`, and nothing else is called on it.
  AorB: [],
};

/** Where a chain starts: its text, its static type, and the name `instanceof` can narrow (if any). */
const ROOTS: Record<string, { text: string; type: Static; name?: string }> = {
  param: { text: 'a', type: 'A', name: 'a' },
  subclass: { text: 'a2', type: 'A2', name: 'a2' },
  this: { text: 'this', type: 'A', name: 'this' },
  construct: { text: 'new A()', type: 'A' },
  constructSub: { text: 'new A2()', type: 'A2' },
  plain: { text: 'makeA()', type: 'A' },
  generic: { text: 'keep(a)', type: 'A' },
  iface: { text: 'i', type: 'I' },
  optional: { text: 'maybe?', type: 'A' },
  union: { text: 'a.u(true)', type: 'AorB' },
};

interface Chain {
  readonly root: string;
  readonly picks: readonly number[];
  readonly narrowed: boolean;
}

function chainText(c: Chain): string {
  const root = ROOTS[c.root]!;
  let type = root.type;
  let text = root.text;
  for (const p of c.picks) {
    const steps = STEPS[type];
    if (steps.length === 0) break;
    const [step, next] = steps[p % steps.length]!;
    // `maybe?` needs a member access or call after it.
    text = text.endsWith('?') && !step.startsWith('.') ? `${text}.${step}` : `${text}${step}`;
    type = next;
  }
  const call = `${text}${text.endsWith('?') ? '.' : ''}${text.endsWith('?') ? 'm()' : '.m()'};`;
  return c.narrowed && root.name ? `if (${root.name} instanceof A2) ${call}` : call;
}

function source(chains: readonly Chain[]): string {
  const body = chains.map((c) => `    ${chainText(c)}`).join('\n');
  return `import { A, A2, B, type I, keep, makeA } from './prelude.js';
void B;
export class Cases extends A {
  run(a: A, a2: A2, i: I, maybe: A | undefined): void {
${body}
  }
}
`;
}

function checkAgreement(chains: readonly Chain[]): void {
  const { program: p, sf } = agreementIn({ 'prelude.ts': prelude, 'cases.ts': source(chains) }, 'cases.ts');
  const errors = p.getSemanticDiagnostics(sf).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors, sf.text).toEqual([]);
}

const chainArb: fc.Arbitrary<Chain> = fc.record({
  root: fc.constantFrom(...Object.keys(ROOTS)),
  picks: fc.array(fc.nat({ max: 11 }), { maxLength: 4 }),
  narrowed: fc.boolean(),
});

describe('methods called on the results of calls', () => {
  it('are what the checker resolves, from every root, through every step, narrowed or not (generated)', () => {
    fc.assert(
      fc.property(fc.array(chainArb, { minLength: 1, maxLength: 5 }), (chains) => {
        checkAgreement(chains);
      }),
      { numRuns: 80 },
    );
  });

  it('are read from declarations through class results, and not through a generic, a union, `this` in its class or a narrowed root', () => {
    const answered = (chain: Chain) => {
      const p = program({ 'prelude.ts': prelude, 'cases.ts': source([chain]) });
      const checker = p.getTypeChecker();
      const { calls } = callsIn(p, 'cases.ts');
      const outer = calls.find((c) => c.parent && ts.isExpressionStatement(c.parent));
      return outer !== undefined && soleDeclaration(ts, checker, outer) !== undefined;
    };
    // a.next().b().a().m(): every step has one non-generic signature with a class result.
    expect(answered({ root: 'param', picks: [0, 2, 0], narrowed: false })).toBe(true);
    expect(answered({ root: 'construct', picks: [0], narrowed: false })).toBe(true);
    expect(answered({ root: 'iface', picks: [0, 0], narrowed: false })).toBe(true);
    // A generic on the way, a union, `this` inside its class, and a root narrowed in the file.
    expect(answered({ root: 'param', picks: [3], narrowed: false })).toBe(false);
    expect(answered({ root: 'union', picks: [], narrowed: false })).toBe(false);
    expect(answered({ root: 'generic', picks: [0], narrowed: false })).toBe(false);
    expect(answered({ root: 'this', picks: [1], narrowed: false })).toBe(false);
    expect(answered({ root: 'param', picks: [0], narrowed: true })).toBe(false);
  });
});
