// Pathological inputs stay linear and contained. Work is counted,
// not timed: every call drvlint makes into the TypeScript API (node tests,
// child walks, checker queries), and every read of an event from a file's
// index (a rule scanning the file's calls once per function shows there),
// for one whole-program run of every rule.
// Doubling an input may at most about double the work; a quadratic path
// would quadruple it. A well-formed driver beside the pathological file must
// keep its finding, and no rule may fail with an internal error.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { TEST_COMPILER_OPTIONS } from '../../packages/core/test/program.js';
import { Analysis } from '@drvlint/core';
import { rules } from '@drvlint/rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Virtual files under the repository, so `@drvlint/kernel` resolves from its node_modules.
const dir = path.join(root, 'test/.virtual-linear');

const HEADER = `import { pci, hrtimer, module, type Core } from '@drvlint/kernel';\n`;
const TIMER = 'hrtimer.create(() => hrtimer.Restart.NoRestart).start(1)';
const driver = (probe: string, before = '', self = 'unknown') =>
  `${HEADER}${before}\nconst driver = pci.driver({ name: 'd', idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),\n  probe(pdev: pci.Device<Core>): ${self} {\n${probe}\n  },\n});\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });\n`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Each shape at size n; each is clean except where it says. */
const shapes: Record<string, { readonly n: number; readonly make: (n: number) => string }> = {
  'many timers in one probe': {
    n: 150,
    make: (n) =>
      driver(
        `${range(n)
          .map((i) => `    const t${i} = ${TIMER};`)
          .join('\n')}\n    return new Self([${range(n)
          .map((i) => `t${i}`)
          .join(', ')}]);`,
        'class Self implements Disposable {\n  constructor(readonly t: hrtimer.Handle[]) {}\n  [Symbol.dispose]() { for (const x of this.t) x.cancel(); }\n}',
        'Self',
      ),
  },
  'many drivers in one file': {
    n: 150,
    make: (n) =>
      `${HEADER}${range(n)
        .map(
          (i) =>
            `class S${i} { constructor(readonly t: hrtimer.Handle) {} }\nconst d${i} = pci.driver({ name: 'd${i}', idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, ${i}), 0]]),\n  probe(pdev: pci.Device<Core>): S${i} { return new S${i}(${TIMER}); },\n  unbind(pdev, self) { self.t.cancel(); },\n});`,
        )
        .join('\n')}\nexport default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [${range(n)
        .map((i) => `d${i}`)
        .join(', ')}] });\n`,
  },
  'handles through nested local collections': {
    n: 60,
    make: (n) =>
      driver(
        `    const c0: unknown[] = [];\n${range(n)
          .map((i) => `    const c${i + 1}: unknown[] = [];\n    c${i}.push(${TIMER});\n    c${i + 1}.push(c${i});`)
          .join('\n')}\n    return new Self(c${n});`,
        'class Self implements Disposable {\n  constructor(readonly t: unknown) {}\n  [Symbol.dispose]() {}\n}',
        'Self',
      ),
  },
  'a long string concatenation': {
    n: 1500,
    make: (n) =>
      driver(
        `    pdev.info(${range(n)
          .map((i) => `'p${i}'`)
          .join(' + ')});\n    return {};`,
      ),
  },
  'a deep expression': {
    n: 200,
    make: (n) => driver(`    const id = <T>(v: T): T => v;\n    pdev.info(${'id('.repeat(n)}'deep'${')'.repeat(n)});\n    return {};`),
  },
  'a long member chain as a callee': {
    n: 400,
    make: (n) =>
      driver(
        `    chain${'.next'.repeat(n)}.info('x');\n    return {};`,
        'interface Chain {\n  next: Chain;\n  info(s: string): void;\n}\ndeclare const chain: Chain;',
      ),
  },
  'a huge switch': {
    n: 300,
    make: (n) =>
      driver(
        `    switch (pdev.deviceId()) {\n${range(n)
          .map((i) => `      case ${i}:\n        pdev.info('${i}');\n        break;`)
          .join('\n')}\n    }\n    return {};`,
      ),
  },
  // tsc checks a chain of 5,000 helpers in a few seconds; the summaries across them must not recurse per helper.
  'a chain of helpers, each calling the next': {
    n: 2500,
    make: (n) =>
      driver(
        `    h0(pdev.ref());\n    return {};`,
        `const kept: unknown[] = [];\n${range(n)
          .map((i) => `function h${i}(x: unknown): void {\n  ${i === n - 1 ? 'kept.length = 0;\n  void x;' : `h${i + 1}(x);`}\n}`)
          .join('\n')}`,
      ),
  },
  'a timer torn down at the end of a chain of helpers': {
    n: 2500,
    make: (n) =>
      driver(
        `    const t = ${TIMER};\n    s0(t);\n    return {};`,
        range(n)
          .map((i) => `function s${i}(x: hrtimer.Handle): void {\n  ${i === n - 1 ? 'x.cancel();' : `s${i + 1}(x);`}\n}`)
          .join('\n'),
      ),
  },
  'deeply nested blocks': {
    n: 200,
    make: (n) => driver(`${'    {\n'.repeat(n)}    pdev.info('in');\n${'    }\n'.repeat(n)}    return {};`),
  },
};

// Beside every pathological file: a driver with one known fault (a dropped timer).
const witness = driver(`    ${TIMER};\n    return {};`);

function counting<T extends object>(target: T, count: { n: number }): T {
  return new Proxy(target, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        count.n++;
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

/** The index with each of its event lists counting element reads. */
function readsCounted<T extends object>(index: T, count: { n: number }): T {
  const lists = new Map<PropertyKey, unknown>();
  return new Proxy(index, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r) as unknown;
      if (!Array.isArray(v)) return v;
      let p = lists.get(k);
      if (!p) {
        p = new Proxy(v, {
          get(a, i, ar) {
            if (typeof i === 'string' && /^\d+$/.test(i)) count.n++;
            return Reflect.get(a, i, ar) as unknown;
          },
        });
        lists.set(k, p);
      }
      return p;
    },
  });
}

let previous: ts.Program | undefined;
function run(text: string): { work: number; internal: string[]; witness: string[] } {
  const files = new Map([
    [path.join(dir, 'shape.ts'), text],
    [path.join(dir, 'witness.ts'), witness],
  ]);
  const host = ts.createCompilerHost(TEST_COMPILER_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => {
    const t = files.get(path.resolve(f));
    return t === undefined ? getSourceFile(f, lang, ...rest) : ts.createSourceFile(f, t, lang, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists(f);
  const program = ts.createProgram({
    rootNames: [...files.keys()],
    options: TEST_COMPILER_OPTIONS,
    host,
    ...(previous ? { oldProgram: previous } : {}),
  });
  previous = program;
  const count = { n: 0 };
  const checker = counting(program.getTypeChecker(), count);
  const counted = Object.assign(Object.create(program) as ts.Program, { getTypeChecker: () => checker });
  const analysis = Analysis.for(counting(ts, count), counted);
  const view = analysis.view!;
  const indexOf = view.indexOf.bind(view);
  const wrapped = new WeakMap<object, ReturnType<typeof indexOf>>();
  view.indexOf = (f) => {
    const index = indexOf(f);
    let w = wrapped.get(index);
    if (!w) wrapped.set(index, (w = readsCounted(index, count)));
    return w;
  };
  const internal: string[] = [];
  const found: Record<string, string[]> = {};
  for (const [file] of files) {
    const sf = program.getSourceFile(file)!;
    for (const rule of Object.values(rules)) {
      for (const f of analysis.findings(sf, rule)) {
        if (f.messageId === 'internalError') internal.push(f.message);
        else (found[path.basename(file)] ??= []).push(f.ruleId);
      }
    }
  }
  return { work: count.n, internal, witness: found['witness.ts'] ?? [] };
}

describe('pathological inputs: linear work, contained', () => {
  for (const [name, { n, make }] of Object.entries(shapes)) {
    it(name, { timeout: 120_000 }, () => {
      const small = run(make(n));
      const large = run(make(2 * n));
      for (const r of [small, large]) {
        expect(r.internal).toEqual([]);
        expect(r.witness).toEqual(['required-teardown']);
      }
      // Linear, with room for fixed costs; quadratic would be about 4.
      expect(large.work / small.work, `work at n=${n}: ${small.work}, at 2n: ${large.work}`).toBeLessThan(2.5);
    });
  }
});
