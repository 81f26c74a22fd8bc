// The benchmark corpus is only worth measuring if it is what it claims:
// code that type-checks, grows by prefix, and whose faults drvlint finds
// while its clean drivers stay quiet.
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without typings.
import { FAULTS, MIXES, writeCorpus } from '../../scripts/bench/corpus.mjs';
import { drvlint, filesUnder, tempRoot } from '../cli/helpers.js';

interface Fault {
  readonly driver: string;
  readonly dir: string;
  readonly kind: string;
  readonly rule: string;
}

const tmp = tempRoot('corpus');
afterAll(() => tmp.cleanup());

describe('the benchmark corpus', () => {
  // One fault in every second driver, so 16 drivers cover every fault kind.
  const dir = path.join(tmp.dir, 'all-faults');
  const manifest = writeCorpus(dir, 16, { seed: 7, bugEvery: 2 }) as { lines: number; faults: Fault[] };

  it('type-checks with no errors, under noUnusedLocals too', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(dir, 'tsconfig.json'),
      { noUnusedLocals: true },
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    expect(config?.fileNames.length).toBeGreaterThan(32);
    const program = ts.createProgram(config!.fileNames, config!.options);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    // A faulty driver may leave something unused (the handle it never cancels); clean code may not.
    const faulty = new Set(manifest.faults.map((f) => f.dir));
    expect(
      errors.filter((e) => !e.includes('is declared but its value is never read') || ![...faulty].some((d) => e.startsWith(d))),
    ).toEqual([]);
  });

  it('has every fault kind, and drvlint finds each with its rule and nothing in the clean drivers', async () => {
    expect(new Set(manifest.faults.map((f) => f.kind))).toEqual(new Set((FAULTS as Fault[]).map((f) => f.kind)));
    const run = await drvlint(dir, 'check', '-f', 'json');
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const byDriver = new Map<string, Set<string>>();
    for (const r of results) {
      const driver = path.relative(path.join(dir, 'src'), r.filePath).split(path.sep)[0]!;
      for (const m of r.messages) byDriver.set(driver, (byDriver.get(driver) ?? new Set()).add(m.ruleId));
    }
    for (const f of manifest.faults) expect([f.kind, byDriver.get(f.driver)?.has(`drvlint/${f.rule}`)]).toEqual([f.kind, true]);
    expect([...byDriver.keys()].sort()).toEqual(manifest.faults.map((f) => f.driver).sort());
  });

  it('the corpus for N drivers is a prefix of the corpus for more, and the same seed gives the same code', () => {
    const small = path.join(tmp.dir, 'small');
    const large = path.join(tmp.dir, 'large');
    const again = path.join(tmp.dir, 'again');
    writeCorpus(small, 12, { seed: 3 });
    writeCorpus(large, 30, { seed: 3 });
    writeCorpus(again, 30, { seed: 3 });
    const s = filesUnder(path.join(small, 'src'));
    const l = filesUnder(path.join(large, 'src'));
    expect(s.size).toBeGreaterThan(24);
    for (const [rel, text] of s) expect([rel, l.get(rel)]).toEqual([rel, text]);
    expect(filesUnder(path.join(again, 'src'))).toEqual(l);
    // A different seed gives different drivers.
    const other = path.join(tmp.dir, 'other');
    writeCorpus(other, 12, { seed: 4 });
    expect(filesUnder(path.join(other, 'src'))).not.toEqual(s);
  });

  it('drivers are distinct and about 200 lines each, over the three buses', () => {
    const big = path.join(tmp.dir, 'big');
    const m = writeCorpus(big, 100, { seed: 1 }) as { lines: number; faults: Fault[] };
    expect(m.lines / 100).toBeGreaterThan(150);
    expect(m.lines / 100).toBeLessThan(260);
    expect(m.faults.length).toBe(10);
    const drivers = [...filesUnder(path.join(big, 'src'))].filter(([rel]) => rel.endsWith('driver.ts'));
    const buses = new Set(drivers.map(([, text]) => /a (\w+) driver of the generated/.exec(text)?.[1]));
    expect(buses).toEqual(new Set(['pci', 'platform', 'auxiliary']));
    // Distinct apart from their names.
    const shapes = new Set(drivers.map(([, text]) => text.replace(/\d{4}/g, 'N')));
    expect(shapes.size).toBeGreaterThan(90);
  });
});

describe.each(Object.keys(MIXES as Record<string, unknown>).filter((m) => m !== 'base'))('the corpus mix %s', (mix) => {
  const dir = path.join(tmp.dir, `mix-${mix}`);
  const manifest = writeCorpus(dir, 16, { seed: 7, bugEvery: 2, mix }) as { faults: Fault[] };

  it('type-checks, and drvlint finds each seeded fault with its rule and nothing in the clean drivers', async () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(dir, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    expect(config?.fileNames.some((f) => f.endsWith('/shapes.ts'))).toBe(true);
    expect(ts.getPreEmitDiagnostics(ts.createProgram(config!.fileNames, config!.options)).length).toBe(0);
    const run = await drvlint(dir, 'check', '-f', 'json');
    const byDriver = new Map<string, Set<string>>();
    for (const r of JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[]) {
      const driver = path.relative(path.join(dir, 'src'), r.filePath).split(path.sep)[0]!;
      for (const m of r.messages) byDriver.set(driver, (byDriver.get(driver) ?? new Set()).add(m.ruleId));
    }
    for (const f of manifest.faults) expect([f.kind, byDriver.get(f.driver)?.has(`drvlint/${f.rule}`)]).toEqual([f.kind, true]);
    expect([...byDriver.keys()].sort()).toEqual(manifest.faults.map((f) => f.driver).sort());
  });

  it('grows by prefix, as the base corpus does', () => {
    const small = path.join(tmp.dir, `mix-${mix}-small`);
    const large = path.join(tmp.dir, `mix-${mix}-large`);
    writeCorpus(small, 6, { seed: 3, mix });
    writeCorpus(large, 12, { seed: 3, mix });
    const s = filesUnder(path.join(small, 'src'));
    const l = filesUnder(path.join(large, 'src'));
    for (const [rel, text] of s) expect([rel, l.get(rel)]).toEqual([rel, text]);
  });
});
