// Never silently clean: when drvlint cannot see the kernel API in a
// program, every front end says so instead of reporting nothing. A checker
// that passes without having looked is worse than none.
import { kindTables } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export interface Blindness {
  /**
   * `no-kernel-import`, `no-kernel`, `unresolved`, `no-lib`: drvlint checked
   * nothing. `no-kernel-import` is a program with no import of the kernel at
   * all (a tools or scripts tsconfig): the CLI, pointed at it, says so; ESLint
   * and the editor, which meet every program of a repository, stay quiet.
   * `checker-limit`: TypeScript switched off part of its analysis for the
   * whole program, so what drvlint found (or did not) cannot be trusted.
   */
  readonly kind: 'no-kernel-import' | 'no-kernel' | 'unresolved' | 'no-lib' | 'checker-limit';
  /** One sentence, for a CLI line, an ESLint message and an editor diagnostic. */
  readonly message: string;
  /** Where it shows, when there is a place: the unresolved import. */
  readonly at?: { readonly file: TS.SourceFile; readonly start: number; readonly end: number };
}

/** TS2318 for one of these means no standard library at all. */
const CORE_GLOBALS = /'(Array|Boolean|Function|IArguments|Number|Object|RegExp|String)'/;

/**
 * Why drvlint cannot check `program`, or undefined when it can. `own`: how
 * many files are the program's own; `unresolved`: the first import of the
 * kernel in one of them that resolves to nothing; `imported`: whether any
 * of them imports it at all, and if so whether only through entry points
 * (`@drvlint/kernel/legacy`) or the package itself.
 */
export function blindnessOf(
  ts: TypeScript,
  program: TS.Program,
  own: number,
  unresolved: { readonly file: TS.SourceFile; readonly spec: TS.StringLiteral } | undefined,
  imported: 'none' | 'entry-points-only' | 'package',
  hasKernel: boolean,
): Blindness | undefined {
  if (unresolved) {
    const { file, spec } = unresolved;
    return {
      kind: 'unresolved',
      message: `'${spec.text}' does not resolve (tsc reports TS2307), so drvlint cannot see the kernel API and checked nothing that uses it: install @drvlint/kernel in this project`,
      at: { file, start: spec.getStart(file), end: spec.end },
    };
  }
  // Without the standard library there is no Map, Promise or Array: every fact drawn from them is silently wrong.
  // Only the core types count: a lib merely too old for one feature (async iterators) is tsc's error at the use.
  const noLib = program
    .getGlobalDiagnostics()
    .find((d) => d.code === 2318 && CORE_GLOBALS.test(ts.flattenDiagnosticMessageText(d.messageText, ' ')));
  if (noLib) {
    return {
      kind: 'no-lib',
      message: `TypeScript's standard library is missing from this program (tsc reports TS2318: ${ts.flattenDiagnosticMessageText(noLib.messageText, ' ')}), so drvlint cannot tell what a Map, Promise or array holds and checked nothing: fix the tsconfig's "lib" or "noLib"`,
    };
  }
  if (hasKernel) return undefined;
  return {
    kind: imported === 'none' ? 'no-kernel-import' : 'no-kernel',
    message:
      imported === 'none'
        ? `no file of this program imports @drvlint/kernel, so drvlint checked nothing: point it at the driver project's tsconfig (${own} file${own === 1 ? '' : 's'} seen)`
        : imported === 'entry-points-only'
          ? // The kernel's types are found from the package's own entry; an entry point such as /legacy does not bring it into the program.
            "this program imports only entry points of @drvlint/kernel (such as @drvlint/kernel/legacy), never the package itself, so drvlint cannot find the kernel API and checked nothing: import from '@drvlint/kernel' in one file"
          : '@drvlint/kernel resolves, but not to the kernel API drvlint knows (no Device with a context), so drvlint checked nothing',
  };
}

/** A body with this many branches is worth asking the checker about; TS2563 needs about 2,000. */
export const BRANCHY = 500;

const branchiness = new WeakMap<TS.SourceFile, number>();

/**
 * The most branches (`if`, `?:`, `&&`/`||`/`??`, loops, `case`, `catch`) in
 * one function or module body of `sf`; below BRANCHY, at least that (a bound
 * read off the text). Syntax only, so it is kept per source file object:
 * TypeScript reuses unchanged files across programs, and an edit re-counts
 * one file, not the project.
 */
export function branchiest(ts: TypeScript, sf: TS.SourceFile): number {
  const known = branchiness.get(sf);
  if (known !== undefined) return known;
  // Every branch has a token of its own in the text, so a text with fewer of them than BRANCHY has no body that
  // many branches: the count is read off the text, and only the rare file with enough is walked.
  const bound = branchTokens(sf.text);
  if (bound < BRANCHY) {
    branchiness.set(sf, bound);
    return bound;
  }
  const K = ts.SyntaxKind;
  const { function: functions, branch } = kindTables(ts);
  const [BINARY, AND, OR, COALESCE] = [K.BinaryExpression, K.AmpersandAmpersandToken, K.BarBarToken, K.QuestionQuestionToken];
  const counts = new Map<TS.Node, number>();
  let most = 0;
  // Two stacks, not one of pairs: this runs over every node of every edited file.
  const nodes: TS.Node[] = [sf];
  const bodies: TS.Node[] = [sf];
  let inner: TS.Node = sf;
  const push = (c: TS.Node): void => {
    nodes.push(c);
    bodies.push(inner);
  };
  for (let n = nodes.pop(); n; n = nodes.pop()) {
    const body = bodies.pop() as TS.Node;
    const kind = n.kind;
    const op = kind === BINARY ? (n as TS.BinaryExpression).operatorToken.kind : undefined;
    if (branch[kind] === 1 || op === AND || op === OR || op === COALESCE) {
      const c = (counts.get(body) ?? 0) + 1;
      counts.set(body, c);
      if (c > most) most = c;
    }
    inner = functions[kind] === 1 ? n : body;
    ts.forEachChild(n, push);
  }
  branchiness.set(sf, most);
  return most;
}

/**
 * How many branch tokens `text` has, up to BRANCHY: `if`, `?` (in `?:` and
 * `??`), `for`, `while` (in `while` and `do … while`), `case`, `catch`, `&&`
 * and `||`, counted anywhere (names and comments too), so that it is at least
 * the number of branches of any one body in it.
 */
function branchTokens(text: string): number {
  BRANCH_TOKEN.lastIndex = 0;
  let n = 0;
  while (n < BRANCHY && BRANCH_TOKEN.exec(text) !== null) n++;
  return n;
}

const BRANCH_TOKEN = /if|\?|for|while|case|catch|&&|\|\|/g;

/**
 * TS2563 ("too large for control flow analysis") in any of `candidates`: when
 * the checker reports it, it turns narrowing off for the rest of the
 * program, in every file, and drvlint's type queries go quietly wrong. Only
 * files with a body near the limit are checked, so a normal program never
 * pays for it. Each is checked in a program of its own (the same source file
 * object, nothing resolved): asking the program's own checker would switch
 * its narrowing off before drvlint has looked at the other files. A checker
 * that overflows the stack on such a file counts too.
 */
export function checkerLimitOf(ts: TypeScript, program: TS.Program, candidates: readonly TS.SourceFile[]): Blindness | undefined {
  for (const sf of candidates) {
    // Kept per source file object: the file alone decides it, and an editor would otherwise check it again on every edit elsewhere.
    let found = limits.get(sf);
    if (found === undefined) limits.set(sf, (found = limitIn(ts, program, sf) ?? null));
    if (found) return found;
  }
  return undefined;
}

const limits = new WeakMap<TS.SourceFile, Blindness | null>();

function limitIn(ts: TypeScript, program: TS.Program, sf: TS.SourceFile): Blindness | undefined {
  let diagnostics: readonly TS.Diagnostic[];
  try {
    const options = { ...program.getCompilerOptions(), noResolve: true, types: [], noEmit: true };
    const host = ts.createCompilerHost(options);
    const alone = ts.createProgram({
      rootNames: [sf.fileName],
      options,
      host: {
        ...host,
        getSourceFile: (f, ...rest) => (f === sf.fileName ? sf : (program.getSourceFile(f) ?? host.getSourceFile(f, ...rest))),
      },
    });
    diagnostics = alone.getSemanticDiagnostics(sf);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return {
      kind: 'checker-limit',
      message: `TypeScript ran out of stack checking ${sf.fileName.replace(/^.*[\\/]/, '')} (a function too large or too deep), so what drvlint reports for this program cannot be trusted: split it`,
      at: { file: sf, start: 0, end: 0 },
    };
  }
  const limit = diagnostics.find((d) => d.code === 2563 && d.file === sf);
  if (!limit) return undefined;
  const start = limit.start ?? 0;
  const line = sf.getLineAndCharacterOfPosition(start).line + 1;
  return {
    kind: 'checker-limit',
    message: `TypeScript turned off control-flow analysis for the whole program at ${sf.fileName.replace(/^.*[\\/]/, '')}:${line} (TS2563: the body is too large), so types drvlint reads may be wrong in every file and no result here can be trusted, clean or not: split that body`,
    at: { file: sf, start, end: start + (limit.length ?? 0) },
  };
}
