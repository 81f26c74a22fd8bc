// The ESLint plugin's choice between a view of a file's dependency set and
// the whole-program analysis (packages/eslint-plugin/src/scope.ts), on a real
// program of the benchmark corpus: every driver imports two shared helpers,
// whose sets are the whole program.
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { Analysis } from '@drvlint/core';
import { rules } from '@drvlint/rules';
import { analysisFor } from '../../packages/eslint-plugin/dist/scope.js';
// @ts-expect-error: a plain ES module script, without typings.
import { writeCorpus } from '../../scripts/bench/corpus.mjs';
import { tempRoot } from '../cli/helpers.js';

const tmp = tempRoot('eslint-scope');
afterAll(() => tmp.cleanup());

function corpusProgram(name: string, drivers: number): ts.Program {
  const dir = path.join(tmp.dir, name);
  writeCorpus(dir, drivers, { seed: 3 });
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  return ts.createProgram(config!.fileNames, config!.options);
}

describe('the analysis a linted file gets', () => {
  it('is a view for leaf drivers until their sets cover a quarter of the program, then the whole program', () => {
    const program = corpusProgram('leaves', 40);
    const whole = Analysis.for(ts, program);
    const drivers = whole.analysedFiles.filter((sf) => !sf.fileName.includes('/common/'));
    const budget = whole.ownFileCount / 4;
    const paid = new Set<readonly string[]>();
    let covered = 0;
    let wentWhole = false;
    for (const sf of drivers) {
      const group = whole.components.of(sf.fileName);
      const got = analysisFor(ts, program, sf);
      if (!wentWhole && (paid.has(group) || covered + group.length <= budget)) {
        expect(got).not.toBe(whole);
        expect(got.ownFileCount).toBe(group.length);
        // A second file of a set already paid for reuses its view.
        expect(analysisFor(ts, program, sf)).toBe(got);
        if (!paid.has(group)) covered += group.length;
        paid.add(group);
      } else {
        wentWhole = true;
        expect(got).toBe(whole);
      }
    }
    expect(wentWhole).toBe(true);
    expect(paid.size).toBeGreaterThan(1);
  });

  it('is the whole program at once for a shared helper, whose set is about the whole program', () => {
    const program = corpusProgram('helper', 40);
    const whole = Analysis.for(ts, program);
    const helper = whole.analysedFiles.find((sf) => sf.fileName.includes('/common/'));
    expect(helper).toBeDefined();
    expect(analysisFor(ts, program, helper!)).toBe(whole);
    // And every file after it: the program is paid for.
    const driver = whole.analysedFiles.find((sf) => !sf.fileName.includes('/common/'))!;
    expect(analysisFor(ts, program, driver)).toBe(whole);
  });

  it('gives the same findings either way', () => {
    const program = corpusProgram('same', 30);
    const whole = Analysis.for(ts, program);
    const keys = (a: Analysis, sf: ts.SourceFile) =>
      Object.values(rules).flatMap((rule) => a.findings(sf, rule).map((f) => `${f.ruleId}:${f.start}`));
    // The seeded faults' files, each in its view.
    const faulty = whole.analysedFiles.filter((sf) => keys(whole, sf).length > 0).slice(0, 3);
    expect(faulty.length).toBe(3);
    for (const sf of faulty) {
      const scoped = analysisFor(ts, program, sf);
      expect(scoped).not.toBe(whole);
      expect(keys(scoped, sf)).toEqual(keys(whole, sf));
    }
  });
});
