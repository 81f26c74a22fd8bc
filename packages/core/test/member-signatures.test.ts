// The kernel model's member signatures (busOnlySignatures, devresSignatures)
// let rules skip resolving a method call whose possible signatures include
// none of them. Skipping is sound only if every way of reaching one of those
// members keeps one of its signatures among the call's possible ones: these
// are the ways, each of which must keep the call.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis, mayRun } from '@drvlint/core';
import { callsIn, program } from './program.js';

const code = `import { pci, platform, Devres, type Core } from '@drvlint/kernel';
class Mine extends pci.Device<Core> {}
type Obtain = pci.Device<Core>['drvdataObtain'];
type Picked = Pick<Devres<pci.Bar>, 'tryAccess'>;
export function reach<D extends pci.Device<Core>, R extends Devres<pci.Bar>>(
  u: pci.Device<Core> | platform.Device<Core>,
  i: pci.Device<Core> & { n: number },
  d: D,
  m: Mine,
  o: { get: Obtain },
  bar: Devres<pci.Bar> | undefined,
  r: R,
  p: Picked,
  bi: Devres<pci.Bar> & { tag: 1 },
) {
  u.drvdataObtain<number>();
  i.drvdataObtain<number>();
  d.drvdataObtain<number>();
  m.drvdataObtain<number>();
  o.get<number>();
  bar?.tryAccess();
  r.tryAccess();
  p.tryAccess();
  bi.tryAccess();
  u.name.toString();
}
`;

describe("members' signatures", () => {
  it('are among the possible signatures of every call that reaches the member', () => {
    const p = program({ 'reach.ts': code });
    const analysis = Analysis.for(ts, p);
    const kernel = analysis.kernel!;
    expect(kernel.busOnlySignatures.size).toBeGreaterThan(0);
    expect(kernel.devresSignatures.size).toBeGreaterThan(0);
    const { sf, calls } = callsIn(p, 'reach.ts');
    const kept = (set: ReadonlySet<ts.Declaration>) =>
      calls.filter((c) => mayRun(ts, analysis.checker, c, (d) => set.has(d))).map((c) => c.expression.getText(sf));
    expect(kept(kernel.busOnlySignatures)).toEqual(['u.drvdataObtain', 'i.drvdataObtain', 'd.drvdataObtain', 'm.drvdataObtain', 'o.get']);
    expect(kept(kernel.devresSignatures)).toEqual(['bar?.tryAccess', 'r.tryAccess', 'p.tryAccess', 'bi.tryAccess']);
  });
});
