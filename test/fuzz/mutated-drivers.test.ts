// Editors hand drvlint half-typed code all day. Random edits of the sample
// drivers (lines deleted, duplicated, moved, cut mid-token) must never make
// a rule crash: every run ends with findings, and none is an internal error.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Analysis } from '@drvlint/core';
import { rules } from '@drvlint/rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const srcDir = path.join(root, 'fixtures/drivers/src');
const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(srcDir, f));

const parsed = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'fixtures/drivers/tsconfig.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
);
if (!parsed) throw new Error('fixtures/drivers/tsconfig.json did not parse');

type Edit =
  | { kind: 'delete' | 'duplicate' | 'move'; at: number; length: number; to: number }
  | { kind: 'cut'; at: number; length: number; to: number };

function apply(text: string, edits: readonly Edit[]): string {
  let lines = text.split('\n');
  for (const e of edits) {
    const at = e.at % Math.max(lines.length, 1);
    const span = lines.slice(at, at + e.length);
    if (e.kind === 'delete') lines.splice(at, e.length);
    else if (e.kind === 'duplicate') lines.splice(at, 0, ...span);
    else if (e.kind === 'move') {
      lines.splice(at, e.length);
      lines.splice(e.to % Math.max(lines.length, 1), 0, ...span);
    } else {
      // Cut a character range out of the file: mid-token, mid-string, mid-comment.
      const joined = lines.join('\n');
      const start = (e.at * 7) % Math.max(joined.length, 1);
      lines = (joined.slice(0, start) + joined.slice(start + e.length * 3)).split('\n');
    }
  }
  return lines.join('\n');
}

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'move' as const, 'cut' as const),
  at: fc.nat(400),
  length: fc.integer({ min: 1, max: 6 }),
  to: fc.nat(400),
});

// CI runs a sample; FUZZ_RUNS=10000 runs the whole campaign, which must stay clean too.
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

describe('random edits of the sample drivers', () => {
  // Each run changes one file; the previous program is passed as oldProgram,
  // so the kernel and lib files are parsed once, as in an editor.
  let previous: ts.Program | undefined;
  const unchanged = new Map<string, ts.SourceFile | undefined>();

  it('never crash a rule', { timeout: Math.max(120_000, RUNS * 200) }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 4 }), (file, edits) => {
        const mutated = apply(readFileSync(file, 'utf8'), edits);
        const host = ts.createCompilerHost(parsed.options);
        const getSourceFile = host.getSourceFile.bind(host);
        host.getSourceFile = (f, lang, ...rest) => {
          if (path.resolve(f) === file) return ts.createSourceFile(f, mutated, lang, true);
          let sf = unchanged.get(f);
          if (!sf) unchanged.set(f, (sf = getSourceFile(f, lang, ...rest)));
          return sf;
        };
        const readFile = host.readFile.bind(host);
        host.readFile = (f) => (path.resolve(f) === file ? mutated : readFile(f));
        const program = ts.createProgram({
          rootNames: [file],
          options: parsed.options,
          host,
          ...(previous ? { oldProgram: previous } : {}),
        });
        previous = program;
        const analysis = Analysis.for(ts, program);
        const sf = program.getSourceFile(file);
        expect(sf).toBeDefined();
        for (const rule of Object.values(rules)) {
          const internal = analysis.findings(sf!, rule).filter((f) => f.messageId === 'internalError');
          expect(
            internal.map((f) => f.message),
            mutated,
          ).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
