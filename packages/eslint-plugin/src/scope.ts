// Which analysis gives a linted file's findings: the whole program's, or a
// view of the file's dependency set (see groupView). Both give the same
// findings; they differ in cost. The whole-program analysis costs the
// program's size once, a view about its set's size (the checker's answers are
// shared by both). How many files a program will serve is not known: one
// program serves a whole `eslint` run, but under --fix each fix makes a new
// program that serves only the files linted until the next one, and an
// editor's serves one.
//
// So, as in renting before buying: views while the files they have covered
// stay under a quarter of the program, then the whole-program analysis for
// the rest. The budget counts each distinct set once, by its size, so a
// shared helper's set (every importer of the helper: about the whole
// program) goes whole at once, and a full run costs at most 1.25 whole
// analyses.
import { Analysis, type TS, type TypeScript, groupView } from '@drvlint/core';

/** Views may cover at most 1/VIEW_SHARE of the program's own files, counted over distinct sets. */
const VIEW_SHARE = 4;

interface Spending {
  /** Files covered by the views made so far. */
  spent: number;
  /** The sets already paid for: a second file of one set reuses its view. */
  readonly paid: WeakSet<readonly string[]>;
  /** Once true, every file of the program gets the whole-program analysis. */
  whole: boolean;
}

const spending = new WeakMap<TS.Program, Spending>();

/** The analysis to take `file`'s findings from, in `program`. */
export function analysisFor(ts: TypeScript, program: TS.Program, file: TS.SourceFile): Analysis {
  const whole = Analysis.for(ts, program);
  if (!whole.isAnalysed(file)) return whole;
  let s = spending.get(program);
  if (!s) spending.set(program, (s = { spent: 0, paid: new WeakSet(), whole: false }));
  if (s.whole) return whole;
  const group = whole.components.of(file.fileName);
  if (!s.paid.has(group)) {
    if (s.spent + group.length > whole.ownFileCount / VIEW_SHARE) {
      s.whole = true;
      return whole;
    }
    s.spent += group.length;
    s.paid.add(group);
  }
  return Analysis.for(ts, groupView(program, group));
}
