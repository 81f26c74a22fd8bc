// soleDeclaration and soleImplementation answer "what does this call run?"
// from the callee's type, without resolving the call. They may answer only
// where resolving would give the same: every call below is resolved by the
// checker too, and wherever a shortcut answers, it must agree.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { givenBack, mayRun, soleDeclaration, soleImplementation, typeOfCall } from '../src/calls/callee-types.js';
import { possibleSignatures } from '../src/calls/possible-signatures.js';
import { expectAgreement } from './agreement.js';
import { callsIn, nodesIn, program } from './program.js';

const code = `
export function format(v: number): string;
export function format(v: number, width: number): string;
export function format(v: number, width = 8): string {
  return v.toString().padStart(width);
}
export function plain(v: number): number {
  return v;
}
declare function declared(v: number): number;
declare function declaredTwice(v: number): number;
declare function declaredTwice(v: string): number;
const arrow = (v: number) => v;
type Both = ((v: number) => number) & ((v: string) => string);
declare const both: Both;

class Base {
  kick(): number {
    return 1;
  }
  over(v: number): number;
  over(v: string): number;
  over(v: unknown): number {
    return Number(v);
  }
  generic<T>(v: T): T {
    return v;
  }
  field = () => 2;
  static make(): Base {
    return new Base();
  }
  run(other: Base): void {
    this.kick();
    this.over(1);
    this.over('x');
    this.generic(3);
    this.generic<string>('s');
    this.field();
    other.kick();
    const later = () => this.kick();
    later();
    if (this instanceof Sub) this.kick();
    Base.make();
  }
}

class Sub extends Base {
  override kick(): number {
    return super.kick() + 1;
  }
  again(): void {
    this.kick();
    super.over(2);
  }
}

class Secret {
  #count = 0;
  #engine = new Base();
  #bump(): number {
    return ++this.#count;
  }
  static #make(): Secret {
    return new Secret();
  }
  use(): void {
    this.#bump();
    this.#engine.kick();
    Secret.#make();
  }
}

const literal = {
  n: 1,
  m(): number {
    return this.n;
  },
  call(): number {
    return this.m();
  },
};

export function calls(): void {
  format(1);
  format(1, 2);
  plain(1);
  declared(1);
  declaredTwice(1);
  declaredTwice('a');
  arrow(1);
  both(1);
  both('a');
  new Sub().again();
  new Secret().use();
  literal.call();
}
`;

describe('the shortcuts for what a call runs', () => {
  const p = program({ 'calls.ts': code });
  const checker = p.getTypeChecker();
  const { sf, calls } = callsIn(p, 'calls.ts');
  const text = (c: ts.CallExpression) => c.getText(sf);

  it('have the resolved signature among the possible ones, for every call whose callee has signatures', () => {
    const known = calls.filter((c) => possibleSignatures(ts, checker, c) !== undefined);
    expect(known.map(text)).toEqual(expect.arrayContaining(['this.#bump()', 'this.#engine.kick()', 'Secret.#make()']));
    for (const call of known) {
      const resolved = checker.getResolvedSignature(call)?.getDeclaration();
      expect(
        possibleSignatures(ts, checker, call)?.map((s) => s.getDeclaration()),
        text(call),
      ).toContain(resolved);
    }
  });

  it('agree with resolving the call wherever they answer', () => {
    expect(calls.length).toBeGreaterThan(20);
    for (const call of calls) expectAgreement(checker, call, text(call));
  });

  it("answer for a function's overloads, static methods, `this`'s methods and names the file never narrows", () => {
    const answered = calls.filter((c) => soleImplementation(ts, checker, c) !== undefined).map(text);
    expect(answered).toEqual(
      expect.arrayContaining([
        'format(1)',
        'format(1, 2)',
        'plain(1)',
        'declared(1)',
        'declaredTwice(1)',
        'this.kick()',
        "this.over('x')",
        'this.generic(3)',
        'Base.make()',
        'this.#bump()',
        'Secret.#make()',
        // A parameter's method, a local or a constant holding a function, an intersection of two function types.
        'other.kick()',
        'later()',
        'arrow(1)',
        'both(1)',
      ]),
    );
  });

  it('leave to the checker `super` and a chain through a property of `this` where the file narrows `this`', () => {
    const answered = calls.filter((c) => soleImplementation(ts, checker, c) !== undefined).map(text);
    // `if (this instanceof Sub)` narrows `this` in this file, so `this.field` and `this.#engine` may be narrowed too.
    for (const open of ['this.field()', 'super.kick()', 'super.over(2)', 'this.m()', 'this.#engine.kick()'])
      expect(answered, open).not.toContain(open);
  });
});

const passing = `
import { type RequiresTeardown, requireTeardown } from '@drvlint/kernel';
declare function keep<T>(value: T, note: string): T;
declare function boxed<T>(value: T): { value: T };
declare function wider<T>(value: T, also: T): T;
declare function make(): Timer;
const word = 'a';
const words = ['a', 'b'];

class Timer implements RequiresTeardown<'cancel'> {
  declare readonly [k: symbol]: 'cancel' | undefined;
  readonly inner = { n: 1 };
  constructor() {
    requireTeardown(this, 'cancel');
    keep(this, 'self');
    keep(this.inner, 'field');
    keep(this.inner.n, 'number');
  }
  cancel(): void {}
}

export function uses(t: Timer, maybe: Timer | undefined, flag: boolean): void {
  keep(t, 'name');
  keep(word, 'literal');
  keep(words, 'array');
  keep(maybe, 'optional');
  if (maybe) keep(maybe, 'narrowed');
  keep(flag ? t : undefined, 'not a plain reference');
  keep(make(), 'a call');
  keep({ n: 1 }, 'an object literal');
  keep(1, 'a number literal');
  keep<Timer | undefined>(t, 'type arguments');
  keep(...([t, 'x'] as const));
  boxed(t);
  wider(t, t);
}
`;

describe('the type a call gives', () => {
  const p = program({ 'passing.ts': passing });
  const checker = p.getTypeChecker();
  const { sf, calls } = callsIn(p, 'passing.ts');
  const text = (c: ts.CallExpression) => c.getText(sf);

  it('is the type the checker gives the call, whether read off its argument or resolved', () => {
    expect(calls.length).toBeGreaterThan(15);
    for (const call of calls)
      expect(checker.typeToString(typeOfCall(ts, checker, call)), text(call)).toBe(checker.typeToString(checker.getTypeAtLocation(call)));
    for (const call of calls) expect(typeOfCall(ts, checker, call), text(call)).toBe(checker.getTypeAtLocation(call));
  });

  it('is read off the argument only for a callee that gives one back, without type arguments or spreads first', () => {
    const given = calls.filter((c) => givenBack(ts, checker, c) !== undefined).map(text);
    expect(given).toEqual(
      expect.arrayContaining(["requireTeardown(this, 'cancel')", "keep(this, 'self')", "keep(t, 'name')", "keep(maybe, 'narrowed')"]),
    );
    for (const resolved of ['boxed(t)', 'wider(t, t)', "keep<Timer | undefined>(t, 'type arguments')", "keep(...([t, 'x'] as const))"])
      expect(given, resolved).not.toContain(resolved);
  });
});

const constructing = `
class Plain {
  n = 0;
}
class Derived extends Plain {}
class Generic<T> {
  value?: T;
}
class Written {
  constructor(readonly n: number) {}
}
class Inherits extends Written {}
class FromLibrary extends Error {}
declare const Declared: { new (): Plain };
const alias: typeof Plain = Derived;

export function make(): void {
  new Plain();
  new Derived();
  new Generic<number>();
  new Generic();
  new Written(1);
  new Inherits(2);
  new FromLibrary('x');
  new Declared();
  new alias();
}
`;

describe('what a new expression may run', () => {
  const p = program({ 'constructing.ts': constructing });
  const checker = p.getTypeChecker();
  const { sf, nodes: news } = nodesIn(p, 'constructing.ts', ts.isNewExpression);
  const runsSomething = (call: ts.NewExpression) => mayRun(ts, checker, call, () => true);

  it('is nothing only where resolving finds no declaration', () => {
    expect(news).toHaveLength(9);
    for (const call of news)
      if (!runsSomething(call)) expect(checker.getResolvedSignature(call)?.getDeclaration(), call.getText(sf)).toBeUndefined();
  });

  it('is known without resolving for a class with no constructor written in its chain, named as declared or by a constant', () => {
    const nothing = news.filter((c) => !runsSomething(c)).map((c) => c.getText(sf));
    // `alias` holds `Derived` but is declared `typeof Plain`, and nothing in the file narrows it: the checker resolves Plain's.
    expect(nothing).toEqual(['new Plain()', 'new Derived()', 'new Generic<number>()', 'new Generic()', 'new alias()']);
  });
});

const chained = `
class Bar {
  read(off: number): number {
    return off;
  }
  write(v: number): void {
    void v;
  }
}
class Regs {
  readonly bar = new Bar();
  access(): Bar {
    return this.bar;
  }
  self(): this {
    return this;
  }
  twice(): Regs {
    return this;
  }
  again(): void {
    this.self().access();
  }
}
class FastRegs extends Regs {
  override access(): Bar {
    return new Bar();
  }
  fast(): void {}
}
class Box<T> {
  constructor(readonly value: T) {}
  get(): T {
    return this.value;
  }
  map<U>(f: (v: T) => U): Box<U> {
    return new Box(f(this.value));
  }
}
class Plain {
  n = 0;
  bump(): number {
    return ++this.n;
  }
}
interface Source {
  next(): Source;
  read(): number;
}
declare function open(): Regs;
declare function either(flag: boolean): Regs | Bar;
declare function over(v: number): Regs;
declare function over(v: string): Bar;
function inferred() {
  return new Regs();
}

export function uses(
  r: Regs,
  f: FastRegs,
  b: Box<Regs>,
  s: Source,
  maybe: Regs | undefined,
  flag: boolean,
  g: (v: number) => number,
  loose: {},
): void {
  r.access().read(1);
  r.access().write(2);
  r.twice().twice().access().read(3);
  r.self().access();
  f.self().fast();
  f.self().access();
  f.twice().access();
  b.get().access();
  b.map((x) => x.bar).get().read(4);
  new Plain().bump();
  new Regs().access().read(5);
  new Box(new Bar()).get().read(6);
  s.next().next().read();
  s${'.next()'.repeat(20)}.read();
  open().access().write(7);
  over(1).access();
  over('x').read(8);
  inferred().access();
  maybe?.access().read(9);
  (flag ? r : f).access().read(10);
  either(flag).toString();
  g.call(undefined, 1);
  g.bind(undefined)(2);
  if (loose === 'a') loose.toString();
}

export function narrowed(n: Regs): void {
  if (n instanceof FastRegs) n.access().read(11);
  n.access().read(12);
}
`;

describe('what a call on the result of a call runs', () => {
  const p = program({ 'chained.ts': chained });
  const checker = p.getTypeChecker();
  const { sf, calls } = callsIn(p, 'chained.ts');
  const text = (c: ts.CallExpression) => c.getText(sf);
  const answered = () => calls.filter((c) => soleDeclaration(ts, checker, c) !== undefined).map(text);

  it('agrees with resolving the call wherever it is known', () => {
    expect(calls.length).toBeGreaterThan(50);
    for (const call of calls) expectAgreement(checker, call, text(call));
  });

  it('is read from the declared result of a non-generic callee with one signature, through any number of calls', () => {
    expect(answered()).toEqual(
      expect.arrayContaining([
        'r.access().read(1)',
        'r.access().write(2)',
        'r.twice().twice().access().read(3)',
        'f.twice().access()',
        'b.get().access()',
        'new Plain().bump()',
        'new Regs().access().read(5)',
        's.next().next().read()',
        'open().access().write(7)',
        'inferred().access()',
        'maybe?.access().read(9)',
        // `this` as the result of a method read through a declared type is that type.
        'r.self().access()',
        'f.self().fast()',
        // A function type's members are the platform's `Function`'s.
        'g.call(undefined, 1)',
      ]),
    );
  });

  it('is left to the checker after a generic, an overloaded callee, `this` as a result, a union or a narrowed root', () => {
    const known = answered();
    for (const open of [
      'this.self().access()',
      'b.map((x) => x.bar).get().read(4)',
      'new Box(new Bar()).get().read(6)',
      'over(1).access()',
      "over('x').read(8)",
      '(flag ? r : f).access().read(10)',
      'either(flag).toString()',
      'n.access().read(11)',
      'n.access().read(12)',
      // `{}` compared with a literal is the literal's type, whatever the file's other narrowing.
      'loose.toString()',
    ])
      expect(known, open).not.toContain(open);
  });
});
