// Every docs example is real code: it type-checks under the options a driver
// project uses (strict, nodenext), so what a page shows is what a user can paste.
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { docsExamplesProject } from './docs-examples.js';

describe('the docs examples', () => {
  const examples = docsExamplesProject();
  afterAll(examples.cleanup);

  it('type-check, bad and good alike', () => {
    const config = ts.readConfigFile(path.join(examples.dir, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, examples.dir);
    expect(parsed.fileNames.length).toBeGreaterThan(17);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${path.basename(d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  });
});
