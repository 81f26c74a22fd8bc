import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis } from '@drvlint/core';
import { program } from './program.js';

// Every shape a definition's Self can come from. Discovery reads Self from
// probe's result where it can, without resolving the call; the resolved
// call's first type argument is what it must equal.
const shapes = `import { pci, type Core } from '@drvlint/kernel';
const table = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);
class Base { constructor(readonly dev: pci.Device) {} }
class Derived extends Base { extra = 1; }
class A { a = 1; }
class B { b = 2; }
function namedProbe(pdev: pci.Device<Core>): A { return new A(); }
function unannotatedProbe(pdev: pci.Device<Core>) { return new B(); }
declare function makeProbe(): (pdev: pci.Device<Core>, info: number) => Derived;
function wrap<S>(def: pci.DriverDef<S, number>): pci.Driver<S, number> { return pci.driver(def); }
export const annotated = pci.driver({ name: 'a', idTable: table, probe(pdev: pci.Device<Core>): Base { return new Base(pdev.ref()); } });
export const contextual = pci.driver({ name: 'b', idTable: table, probe(pdev, info) { return info > 0 ? new A() : new B(); } });
export const arrow = pci.driver({ name: 'c', idTable: table, probe: (pdev) => new Derived(pdev.ref()) });
export const named = pci.driver({ name: 'd', idTable: table, probe: namedProbe });
export const shorthand = pci.driver({ name: 'e', idTable: table, probe: unannotatedProbe });
export const explicit = pci.driver<Base, number>({ name: 'f', idTable: table, probe(pdev: pci.Device<Core>): Derived { return new Derived(pdev.ref()); } });
export const computed = pci.driver({ name: 'g', idTable: table, probe: makeProbe() });
export const wrapped = wrap({ name: 'h', idTable: table, probe(pdev: pci.Device<Core>) { return new A(); } });
export const withUnbind = pci.driver({ name: 'i', idTable: table, probe(pdev: pci.Device<Core>) { return new Derived(pdev.ref()); }, unbind(pdev, self: Base) { void self; } });
function overloaded(pdev: pci.Device<Core>): A;
function overloaded(pdev: pci.Device<Core>, info: number): B;
function overloaded(pdev: pci.Device<Core>, info?: number): A | B { return info === undefined ? new A() : new B(); }
export const viaOverloads = pci.driver({ name: 'k', idTable: table, probe: overloaded });
const def = { name: 'j', idTable: table, probe(pdev: pci.Device<Core>) { return new B(); } };
export const byName = pci.driver(def);
function forwarding(f: (p: pci.Device<Core>) => object) { return (p: pci.Device<Core>): object => f(p); }
export const viaWrapper = pci.driver({ name: 'l', idTable: table, probe: forwarding(namedProbe) });
`;

describe('driver discovery', () => {
  it("finds each definition's Self as the resolved call's first type argument, for every shape of probe", () => {
    const p = program({ 'shapes.ts': shapes });
    const checker = p.getTypeChecker();
    const found = Analysis.for(ts, p).view!.drivers.descriptors;
    const names = found.map((d) => (ts.isVariableDeclaration(d.call.parent) ? d.call.parent.name.getText() : '?'));
    expect(names).toEqual([
      'annotated',
      'contextual',
      'arrow',
      'named',
      'shorthand',
      'explicit',
      'computed',
      'wrapped',
      'withUnbind',
      'viaOverloads',
      'byName',
      'viaWrapper',
    ]);
    for (const d of found) {
      const resolved = checker.getTypeArguments(checker.getTypeAtLocation(d.call) as ts.TypeReference)[0];
      expect(d.self && checker.typeToString(d.self), names[found.indexOf(d)]).toBe(resolved && checker.typeToString(resolved));
    }
    // Checked by hand: the explicit argument wins over probe's result, a union stays one, and an annotated `self` in unbind
    // is a candidate too (method parameters infer like results), so Derived and Base give Base. A callback handed through a
    // wrapper has the wrapper's result type (object here), not the wrapped function's.
    expect(found.map((d) => d.self && checker.typeToString(d.self))).toEqual([
      'Base',
      'A | B',
      'Derived',
      'A',
      'B',
      'Base',
      'Derived',
      'A',
      'Base',
      'B',
      'B',
      'object',
    ]);
  });
});

// Wrappers around a callback: only one that calls it with its own arguments, as
// they came, hands the callback itself to the driver core.
const wrappers = `import { pci, type Core } from '@drvlint/kernel';
const table = pci.idTable([[pci.DeviceId.fromId(1, 2), 0]]);
function realProbe(pdev: pci.Device<Core>) { return { n: 1 }; }
function logged<A extends unknown[], R>(f: (...a: A) => R): (...a: A) => R { return (...a) => { console.log('x'); return f(...a); }; }
const traced = <A extends unknown[], R>(f: (...a: A) => R) => (a: A[0]) => f(...([a] as unknown as A));
function pair(f: (p: pci.Device<Core>) => object) { return (p: pci.Device<Core>) => f(p); }
function later(f: (p: pci.Device<Core>) => object) { return (p: pci.Device<Core>) => { setTimeout(() => f(p)); return {}; }; }
function swapped(f: (p: pci.Device<Core>, i: number) => object) { return (p: pci.Device<Core>, i: number) => f(p, 0 * i); }
function either(f: (p: pci.Device<Core>) => object, g: (p: pci.Device<Core>) => object) { return (p: pci.Device<Core>) => (Math.random() ? f(p) : g(p)); }
export const a = pci.driver({ name: 'a', idTable: table, probe: logged(realProbe) });
export const b = pci.driver({ name: 'b', idTable: table, probe: pair(realProbe) });
export const c = pci.driver({ name: 'c', idTable: table, probe: traced(realProbe) });
export const d = pci.driver({ name: 'd', idTable: table, probe: later(realProbe) });
export const e = pci.driver({ name: 'e', idTable: table, probe: swapped(realProbe) });
export const f = pci.driver({ name: 'f', idTable: table, probe: either(realProbe, realProbe) });
export const g = pci.driver({ name: 'g', idTable: table, probe: logged(pair(logged(realProbe))) });
export const h = pci.driver({ name: 'h', idTable: table, probe: logged(later(realProbe)) });
const probe = logged(realProbe);
const alias = realProbe;
export const i = pci.driver({ name: 'i', idTable: table, probe });
export const j = pci.driver({ name: 'j', idTable: table, probe: alias });
`;

describe('callbacks handed through wrappers', () => {
  it('reads the callback a wrapper forwards its own arguments to, and no other shape', () => {
    const p = program({ 'wrappers.ts': wrappers });
    const found = Analysis.for(ts, p).view!.drivers.descriptors;
    const probeOf = found.map((d) =>
      d.probe && ts.isFunctionDeclaration(d.probe) ? d.probe.name?.text : d.probe ? 'another function' : undefined,
    );
    // a and b forward every argument in order; c spreads something else, d calls it later, e changes an argument,
    // and f could call either of two. g nests forwarding wrappers; h nests a forwarding one around one that calls later.
    // i and j name a const that holds a wrapped callback or the callback itself.
    expect(probeOf).toEqual([
      'realProbe',
      'realProbe',
      undefined,
      undefined,
      undefined,
      undefined,
      'realProbe',
      undefined,
      'realProbe',
      'realProbe',
    ]);
  });
});
