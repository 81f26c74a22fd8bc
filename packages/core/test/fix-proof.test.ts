import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { Analysis } from '../src/index.js';
import { program } from './program.js';

describe('fix proofs', () => {
  const real = { fileExists: ts.sys.fileExists, directoryExists: ts.sys.directoryExists };
  afterEach(() => Object.assign(ts.sys, real));

  it('share module resolution across proofs: a later proof does not look up package.json scopes again', () => {
    const text = `import { pci } from '@drvlint/kernel';\nexport const n: number = 1;\nexport const ids = pci.idTable([]);\n`;
    const p = program({ 'fix.ts': text });
    const a = Analysis.for(ts, p);
    const file = p.getSourceFiles().find((f) => f.fileName.endsWith('fix.ts'))!.fileName;
    const at = text.indexOf('= 1;') + 2;
    const finding = (fix: string) => ({
      ruleId: 'x',
      messageId: 'm',
      data: {},
      message: 'the finding',
      file,
      start: at,
      end: at + 1,
      related: [],
      fix: [{ start: at, end: at + 1, text: fix }],
    });
    expect(a.proven(finding('2')).fix).toBeDefined();
    let asked = 0;
    ts.sys.fileExists = (f) => (asked++, real.fileExists(f));
    ts.sys.directoryExists = (d) => (asked++, real.directoryExists(d));
    expect(a.proven(finding('3')).fix).toBeDefined();
    expect(a.proven(finding("'three'")).fix).toBeUndefined();
    expect(asked).toBe(0);
  });
});
