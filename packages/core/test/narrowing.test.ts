// possibleSignatures and soleDeclaration read what `r.m()` may run from the
// declared type of `r` when its file narrows no reference from `r`'s root
// name (narrowing.ts). The
// claim is checked against the checker on generated programs: a receiver of
// every kind, narrowed (or not) by every construct that can give a non-union
// declared type a subtype, with `m` overridden in the subtype, so that a
// narrowing the shortcut misses makes it name the base's `m` where the
// checker resolves the override's.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { possibleSignatures } from '../src/calls/possible-signatures.js';
import { narrowedRoots } from '../src/calls/narrowing.js';
import { agreementIn } from './agreement.js';
import { program } from './program.js';

const prelude = `
export class Base {
  m(): number {
    return 1;
  }
  isSub(): this is Sub {
    return this instanceof Sub;
  }
}
export class Sub extends Base {
  override m(): number {
    return 2;
  }
  extra = 0;
}
export function isSub(x: unknown): x is Sub {
  return x instanceof Sub;
}
export function assertSub(x: unknown): asserts x is Sub {
  if (!(x instanceof Sub)) throw new Error('no');
}
export const sub = new Sub();
export class Holder {
  constructor(readonly r: Base, readonly loose: {}) {}
}
`;

/** How the receiver is reached, as the name narrowed and the expression called on. */
const RECEIVERS = {
  parameter: { setup: '', ref: 'p' },
  constant: { setup: 'const c: Base = p;', ref: 'c' },
  variable: { setup: 'let v: Base = p;', ref: 'v' },
  property: { setup: '', ref: 'h.r' },
  thisProperty: { setup: '', ref: 'this.r' },
  optional: { setup: 'const o: Base | undefined = p;', ref: 'o' },
  emptyObject: { setup: '', ref: 'h.loose' },
} as const;
type Receiver = keyof typeof RECEIVERS;

/** A condition or statement that may narrow `r`, and whether it can give it the subtype. */
const NARROWINGS: Record<string, (r: string) => { readonly test: string } | { readonly statement: string }> = {
  none: () => ({ test: 'true' }),
  instanceOf: (r) => ({ test: `${r} instanceof Sub` }),
  predicate: (r) => ({ test: `isSub(${r})` }),
  thisPredicate: (r) => ({ test: `${r}?.isSub()` }),
  assertion: (r) => ({ statement: `assertSub(${r});` }),
  inOperator: (r) => ({ test: `'extra' in ${r}` }),
  constructorEquality: (r) => ({ test: `${r}?.constructor === Sub` }),
  valueEquality: (r) => ({ test: `${r} === sub` }),
  literalEquality: (r) => ({ test: `${r} !== undefined && ${r} !== null` }),
  typeofCheck: (r) => ({ test: `typeof ${r} === 'object'` }),
  // A string turns \`{}\` into itself; an object type compared with one is \`never\` there, code that cannot run.
  stringEquality: (r) => ({ test: r.endsWith('loose') ? `${r} === 'a'` : 'true' }),
  switchCase: (r) => ({ statement: `switch (${r}) { case sub: break; }` }),
  switchTrue: (r) => ({ test: `((): boolean => { switch (true) { case ${r} instanceof Sub: return true; } return false; })()` }),
};

/** Where the call stands relative to the narrowing. */
const PLACES = ['inside', 'closure', 'elsewhere'] as const;

interface Case {
  readonly receiver: Receiver;
  readonly narrowing: string;
  readonly place: (typeof PLACES)[number];
}

function source(cases: readonly Case[]): string {
  // Each case has names of its own (\`p0\`, \`h0\`, …), so that one case's narrowing leaves the others' roots alone;
  // \`this\` is one root for the whole file.
  const methods = cases.map((c, i) => {
    const own = (code: string) => code.replace(/\bp\b/g, `p${i}`).replace(/\bh\b/g, `h${i}`);
    const { setup, ref: r } = RECEIVERS[c.receiver];
    const ref = own(r);
    const n = NARROWINGS[c.narrowing]!(ref);
    const call = c.receiver === 'emptyObject' ? `${ref}.toString();` : `${ref}${c.receiver === 'optional' ? '?' : ''}.m();`;
    const params = `p${i}: Base, h${i}: Holder`;
    const body =
      c.place === 'closure'
        ? `const later = () => { ${call} };\n      later();`
        : c.place === 'elsewhere'
          ? `this.other${i}(p${i}, h${i});`
          : call;
    const guarded = 'test' in n ? `if (${n.test}) {\n      ${body}\n    }` : `${n.statement}\n    ${body}`;
    const other = c.place === 'elsewhere' ? `\n  other${i}(${params}): void {\n    ${own(setup)}\n    ${call}\n  }` : '';
    return `  case${i}(${params}): void {\n    ${own(setup)}\n    ${guarded}\n  }${other}`;
  });
  return `import { Base, Holder, Sub, assertSub, isSub, sub } from './prelude.js';\nvoid Sub;\nvoid assertSub;\nvoid isSub;\nvoid sub;\n\nexport class Cases {\n  constructor(readonly r: Base) {}\n${methods.join('\n')}\n}\n`;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  receiver: fc.constantFrom(...(Object.keys(RECEIVERS) as Receiver[])),
  narrowing: fc.constantFrom(...Object.keys(NARROWINGS)),
  place: fc.constantFrom(...PLACES),
});

function checkAgreement(cases: readonly Case[]): { answered: number } {
  return agreementIn({ 'prelude.ts': prelude, 'cases.ts': source(cases) }, 'cases.ts');
}

describe('declared types of references no narrowing in their file touches', () => {
  it('give what the checker resolves, for every receiver, narrowing and place (generated)', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 4 }), (cases) => {
        checkAgreement(cases);
      }),
      { numRuns: 60 },
    );
  });

  it('give what the checker resolves for each receiver, narrowing and place, and answer where nothing narrows the receiver', () => {
    const receivers = Object.keys(RECEIVERS) as Receiver[];
    const all = (rs: readonly Receiver[]) =>
      rs.flatMap((receiver) => Object.keys(NARROWINGS).flatMap((narrowing) => PLACES.map((place) => ({ receiver, narrowing, place }))));
    // All of them in one file but those through \`this\`, which share its root: those get a file per narrowing.
    checkAgreement(all(receivers.filter((r) => r !== 'thisProperty')));
    for (const narrowing of Object.keys(NARROWINGS))
      checkAgreement(PLACES.map((place) => ({ receiver: 'thisProperty' as const, narrowing, place })));
    for (const receiver of receivers) {
      if (receiver === 'emptyObject') continue;
      const { answered } = checkAgreement([{ receiver, narrowing: 'none', place: 'inside' }]);
      expect(answered, receiver).toBeGreaterThan(0);
    }
  });

  it('collect the roots of what is narrowed, and not of what is compared with literals', () => {
    const text = `
import { Base, Sub, assertSub, isSub, sub } from './prelude.js';
declare const a: Base, b: Base, c: Base, d: Base, e: Base, f: { r: Base }, g: Base, k: Base, l: Base, m: Base;
if (a instanceof Sub) {}
if (isSub(b)) {}
assertSub(c);
if ('extra' in d) {}
if (e.constructor === Sub) {}
if (f.r === sub) {}
switch (g) { case sub: }
if (typeof k === 'object') {}
if (l !== undefined && l !== null && l.m() === 1) {}
switch (m.m()) { case 1: case 2: }
`;
    const p = program({ 'prelude.ts': prelude, 'roots.ts': text });
    const sf = p.getSourceFiles().find((x) => x.fileName.endsWith('roots.ts'))!;
    const checker = p.getTypeChecker();
    const roots = narrowedRoots(ts, checker, sf, (call) => possibleSignatures(ts, checker, call));
    // `Sub` too: compared with `e.constructor`, it is a value narrowed like any other.
    expect([...roots].sort()).toEqual(['Sub', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'k', 'sub']);
  });
});
