// The every-path answer against an independent oracle, on random programs.
// The oracle runs a small abstract interpreter over the generated statements
// (the state is only "cancelled yet?"), so it shares nothing with the CFG.
// Claim checked: the CFG says `t.cancel()` is on every path to an exit
// exactly when no execution reaches that exit without it: never crediting a
// teardown some execution skips, and never reporting one none skips.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type CfgNode, type FunctionNode, buildCfg, certainCalls, firstUncoveredPath } from '@drvlint/core';

type Stmt =
  | { k: 'cancel' | 'other' | 'fallible' | 'return' | 'throw' | 'break' | 'continue' }
  | { k: 'if'; then: Stmt[]; else: Stmt[] | undefined }
  | { k: 'while' | 'do' | 'forOf'; body: Stmt[] }
  | { k: 'switch'; clauses: Stmt[][]; hasDefault: boolean }
  | { k: 'try'; body: Stmt[]; handler: Stmt[] | undefined; fin: Stmt[] | undefined };

type Kind = 'normal' | 'return' | 'throw' | 'break' | 'continue';
/** An outcome: how a statement completes, and whether `t.cancel()` has run. */
type Outcome = `${Kind}:${0 | 1}`;

const parse = (o: Outcome): [Kind, 0 | 1] => {
  const [k, f] = o.split(':');
  return [k as Kind, f === '1' ? 1 : 0];
};

function seq(stmts: readonly Stmt[], flag: 0 | 1): Set<Outcome> {
  let live = new Set<0 | 1>([flag]);
  const out = new Set<Outcome>();
  for (const s of stmts) {
    const next = new Set<0 | 1>();
    for (const f of live) {
      for (const o of exec(s, f)) {
        const [k, g] = parse(o);
        if (k === 'normal') next.add(g);
        else out.add(o);
      }
    }
    live = next;
  }
  for (const f of live) out.add(`normal:${f}`);
  return out;
}

/** Every way a loop can finish, iterating the body to a fixed point of entry states. */
function loop(body: readonly Stmt[], flag: 0 | 1, bodyFirst: boolean): Set<Outcome> {
  const out = new Set<Outcome>();
  const entries = new Set<0 | 1>([flag]);
  const work: (0 | 1)[] = [flag];
  if (!bodyFirst) out.add(`normal:${flag}`);
  while (work.length > 0) {
    const f = work.pop() as 0 | 1;
    for (const o of seq(body, f)) {
      const [k, g] = parse(o);
      if (k === 'normal' || k === 'continue') {
        out.add(`normal:${g}`); // the condition may be false now
        if (!entries.has(g)) {
          entries.add(g);
          work.push(g);
        }
      } else if (k === 'break') out.add(`normal:${g}`);
      else out.add(o);
    }
  }
  return out;
}

function exec(s: Stmt, flag: 0 | 1): Set<Outcome> {
  switch (s.k) {
    case 'cancel':
      return new Set(['normal:1']);
    case 'other':
      return new Set([`normal:${flag}`]);
    case 'fallible':
      // A call that can fail: it completes, or it throws (the checks that opt in to implicit error paths).
      return new Set([`normal:${flag}`, `throw:${flag}`]);
    case 'return':
    case 'throw':
    case 'break':
    case 'continue':
      return new Set([`${s.k}:${flag}`]);
    case 'if':
      return new Set([...seq(s.then, flag), ...seq(s.else ?? [], flag)]);
    case 'while':
    case 'forOf':
      return loop(s.body, flag, false);
    case 'do':
      return loop(s.body, flag, true);
    case 'switch': {
      const out = new Set<Outcome>();
      if (!s.hasDefault) out.add(`normal:${flag}`);
      for (let i = 0; i < s.clauses.length; i++) {
        for (const o of seq(s.clauses.slice(i).flat(), flag)) {
          const [k, g] = parse(o);
          out.add(k === 'break' ? `normal:${g}` : o);
        }
      }
      return out;
    }
    case 'try': {
      const afterTry = new Set<Outcome>();
      for (const o of seq(s.body, flag)) {
        const [k, g] = parse(o);
        if (k === 'throw' && s.handler) for (const h of seq(s.handler, g)) afterTry.add(h);
        else afterTry.add(o);
      }
      if (!s.fin) return afterTry;
      const out = new Set<Outcome>();
      for (const o of afterTry) {
        const [k, g] = parse(o);
        for (const f of seq(s.fin, g)) {
          const [fk, fg] = parse(f);
          out.add(fk === 'normal' ? `${k}:${fg}` : f);
        }
      }
      return out;
    }
  }
}

function print(stmts: readonly Stmt[], indent = '  '): string {
  const block = (b: readonly Stmt[]) => `{\n${print(b, `${indent}  `)}${indent}}`;
  return stmts
    .map((s) => {
      switch (s.k) {
        case 'cancel':
          return `${indent}t.cancel();\n`;
        case 'other':
          return `${indent}other();\n`;
        case 'fallible':
          return `${indent}mayFail();\n`;
        case 'return':
          return `${indent}return;\n`;
        case 'throw':
          return `${indent}throw new Error();\n`;
        case 'break':
        case 'continue':
          return `${indent}${s.k};\n`;
        case 'if':
          return `${indent}if (c()) ${block(s.then)}${s.else ? ` else ${block(s.else)}` : ''}\n`;
        case 'while':
          return `${indent}while (c()) ${block(s.body)}\n`;
        case 'do':
          return `${indent}do ${block(s.body)} while (c());\n`;
        case 'forOf':
          return `${indent}for (const x of xs) ${block(s.body)}\n`;
        case 'switch':
          return `${indent}switch (n()) {\n${s.clauses.map((c, i) => `${indent}  ${s.hasDefault && i === s.clauses.length - 1 ? 'default' : `case ${i}`}: ${block(c)}\n`).join('')}${indent}}\n`;
        case 'try':
          return `${indent}try ${block(s.body)}${s.handler ? ` catch ${block(s.handler)}` : ''}${s.fin || !s.handler ? ` finally ${block(s.fin ?? [])}` : ''}\n`;
      }
    })
    .join('');
}

/** Random statement lists; `break`/`continue` only where a loop (or, for break, a switch) encloses them. */
function program(withFinally: boolean): fc.Arbitrary<Stmt[]> {
  const { stmts } = fc.letrec<{ stmts: Stmt[]; inLoop: Stmt[]; inSwitch: Stmt[]; inSwitchInLoop: Stmt[] }>((tie) => {
    const list = (name: 'stmts' | 'inLoop' | 'inSwitch' | 'inSwitchInLoop') => tie(name) as fc.Arbitrary<Stmt[]>;
    const make = (inLoop: boolean, inSwitch: boolean) => {
      const leaves: Stmt['k'][] = [
        'cancel',
        'other',
        'fallible',
        'return',
        'throw',
        ...(inLoop ? (['continue'] as const) : []),
        ...(inLoop || inSwitch ? (['break'] as const) : []),
      ];
      const here = inLoop ? (inSwitch ? 'inSwitchInLoop' : 'inLoop') : inSwitch ? 'inSwitch' : 'stmts';
      const leaf = fc.constantFrom(...leaves).map((k) => ({ k }) as Stmt);
      const compound: fc.Arbitrary<Stmt> = fc.oneof(
        fc.record({ k: fc.constant('if' as const), then: list(here), else: fc.option(list(here), { nil: undefined }) }),
        fc.record({ k: fc.constantFrom('while' as const, 'do' as const, 'forOf' as const), body: list('inLoop') }),
        fc.record({
          k: fc.constant('switch' as const),
          clauses: fc.array(list(inLoop ? 'inSwitchInLoop' : 'inSwitch'), { minLength: 1, maxLength: 3 }),
          hasDefault: fc.boolean(),
        }),
        fc.record({
          k: fc.constant('try' as const),
          body: list(here),
          handler: withFinally ? fc.option(list(here), { nil: undefined }) : list(here),
          fin: withFinally ? fc.option(list(here), { nil: undefined }) : fc.constant(undefined),
        }),
      );
      return fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, compound), { maxLength: 4 });
    };
    return { stmts: make(false, false), inLoop: make(true, false), inSwitch: make(false, true), inSwitchInLoop: make(true, true) };
  });
  return stmts;
}

function cfgSays(stmts: readonly Stmt[]): { returns: boolean; throws: boolean; source: string } {
  const source = `declare function c(): boolean; declare function n(): number; declare function other(): void; declare function mayFail(): void; declare const xs: number[];\nfunction f(t: { cancel(): void }) {\n${print(stmts)}}\n`;
  const sf = ts.createSourceFile('p.ts', source, ts.ScriptTarget.ES2022, true);
  const fn = sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === 'f') as FunctionNode;
  const cfg = buildCfg(ts, fn);
  // `mayFail()` is the fallible call: its node's exception goes where the CFG says (a catch, a finally copy, the exit).
  const mayFail = (node: CfgNode) => node.ast !== undefined && /\bmayFail\(\)/.test(node.ast.getText()) && !ts.isBlock(node.ast);
  const covered = (id: number) => certainCalls(ts, cfg.nodes[id]?.ast).some((call) => call.getText() === 't.cancel()');
  return {
    returns: firstUncoveredPath(cfg, cfg.entry, [cfg.returnExit], covered, mayFail) === undefined,
    throws: firstUncoveredPath(cfg, cfg.entry, [cfg.throwExit], covered, mayFail) === undefined,
    source,
  };
}

function oracleSays(stmts: readonly Stmt[]): { returns: boolean; throws: boolean } {
  const outcomes = seq(stmts, 0);
  return { returns: !outcomes.has('normal:0') && !outcomes.has('return:0'), throws: !outcomes.has('throw:0') };
}

describe('every path, against an abstract interpreter', () => {
  it('agrees exactly on programs with try/catch but no finally', () => {
    fc.assert(
      fc.property(program(false), (stmts) => {
        const { source, ...cfg } = cfgSays(stmts);
        expect(cfg, source).toEqual(oracleSays(stmts));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees exactly with finally too, including break, continue and return inside it', () => {
    fc.assert(
      fc.property(program(true), (stmts) => {
        const { source, ...cfg } = cfgSays(stmts);
        expect(cfg, source).toEqual(oracleSays(stmts));
      }),
      { numRuns: 1000 },
    );
  });

  it('the oracle is not vacuous: both answers occur', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(program(false), (stmts) => {
        const o = oracleSays(stmts);
        seen.add(`${o.returns}/${o.throws}`);
      }),
      { numRuns: 400 },
    );
    expect(seen).toEqual(new Set(['true/true', 'true/false', 'false/true', 'false/false']));
  });
});
