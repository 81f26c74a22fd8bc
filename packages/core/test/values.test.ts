// Values, tested directly: what a value holds, through aliases, branches,
// literals, closures and bound functions, as the rules rely on it.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis, type AnalysisView } from '@drvlint/core';
import { program } from './program.js';

const driver = (body: string) => `import { pci, module, type Core } from '@drvlint/kernel';
class Self { constructor(readonly dev: pci.Device) {} }
function log(...parts: unknown[]): void { void parts; }
const table = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]);
const d = pci.driver({
  name: 'd',
  idTable: table,
  probe(pdev: pci.Device<Core>) {
${body}
    return new Self(pdev.ref());
  },
});
export default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [d] });
`;

/** The view of a one-file program, and the expression `const <name> = …` initialises. */
function setup(body: string): { view: AnalysisView; at: (name: string) => ts.Expression } {
  const p = program({ 'driver.ts': driver(body) });
  const view = Analysis.for(ts, p).view!;
  const sf = p.getSourceFiles().find((f) => f.fileName.endsWith('driver.ts'))!;
  const at = (name: string): ts.Expression => {
    let found: ts.Expression | undefined;
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name) found = n.initializer;
      ts.forEachChild(n, visit);
    };
    visit(sf);
    if (!found) throw new Error(`no const ${name}`);
    return found;
  };
  return { view, at };
}

describe('Values.scoped', () => {
  const { view, at } = setup(`    const core = pdev;
    const ref = pdev.ref();
    const either = Math.random() > 0.5 ? 0 : pdev;
    const boxed = { inner: [pdev] };
    const closure = () => pdev.enableDevice();
    const bound = log.bind(undefined, pdev);
    const count = 1 + 2;
    const name = 'x';
    const other = { n: 1 };`);

  it('names the Core device, and a reference to it', () => {
    expect(view.values.scoped(at('core'))?.description).toBe('the Core device `pdev`');
    expect(view.values.scoped(at('ref'))?.scope).toMatchObject({ kind: 'device' });
  });

  it('reads a branch that may hold the device', () => {
    expect(view.values.scoped(at('either'))?.scope).toMatchObject({ kind: 'device', context: 'Core' });
  });

  it('sees the device inside object and array literals', () => {
    expect(view.values.scoped(at('boxed'))?.description).toMatch(/holding .*pdev/);
  });

  it('treats a closure over the device, and a function bound to it, as holding it', () => {
    const c = view.values.scoped(at('closure'));
    expect(c?.capture?.name).toBe('pdev');
    expect(c?.description).toMatch(/^a closure that captures/);
    expect(view.values.scoped(at('bound'))?.description).toMatch(/^a function bound to/);
  });

  it('gives nothing for primitives and plain data', () => {
    expect(view.values.scoped(at('count'))).toBeUndefined();
    expect(view.values.scoped(at('name'))).toBeUndefined();
    expect(view.values.scoped(at('other'))).toBeUndefined();
  });
});

describe("Values.scoped, read from a name's declaration", () => {
  const { view, at } = setup(`    const count: number = 3;
    const plain = count;
    const mixed: number | pci.Device<Core> = pdev;
    const device = mixed;`);

  it('a name declared primitive holds nothing', () => {
    expect(view.values.scoped(at('plain'))).toBeUndefined();
  });

  it('a union is read where the name stands, narrowed', () => {
    expect(view.values.scoped(at('device'))?.scope).toMatchObject({ kind: 'device', context: 'Core' });
  });
});
