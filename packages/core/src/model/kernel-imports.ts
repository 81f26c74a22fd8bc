// Every import of `@drvlint/kernel` (and its entry points) in a program,
// for the kernel model and for blindness. A thousand drivers make thousands
// of such imports but a handful of distinct modules, and an edit changes
// none of them: the list is kept per resolution map (see importsOf) and an
// edit re-reads the edited files only; the checker is asked one question
// per distinct module and program.
import { type FileImport, changedFiles, importsOf, keptPerResolutions } from '../program/imports.js';
import type { TS, TypeScript } from '../ts.js';

export const KERNEL_MODULE = '@drvlint/kernel';
const KERNEL_PREFIX = `${KERNEL_MODULE}/`;

interface Entry {
  readonly file: TS.SourceFile;
  readonly spec: TS.StringLiteral;
  /**
   * Imports with one key resolve alike: the same target file; else (an
   * ambient module, which only the checker knows) the same directory,
   * module format and specifier; an import with attributes picks its own
   * resolution mode and is alone.
   */
  readonly key: string;
}

interface Scan {
  readonly files: readonly TS.SourceFile[];
  readonly entries: readonly Entry[];
  /** The first entry of each key, in program order. */
  readonly witnesses: ReadonlyMap<string, number>;
}

/** The latest scans per resolution key (see keptPerResolutions). */
const scans = new WeakMap<object, readonly Scan[]>();

export class KernelImports {
  readonly #program: TS.Program;
  readonly #scan: Scan;
  readonly #modules = new Map<string, TS.Symbol | undefined>();

  constructor(ts: TypeScript, program: TS.Program) {
    const files = program.getSourceFiles();
    this.#program = program;
    this.#scan = keptPerResolutions(
      scans,
      program,
      files,
      (e) => after(ts, program, e, files),
      () => scan(ts, program, files),
    );
  }

  /** The module an entry resolves to in this program: one checker question per key. */
  #moduleOf(e: Entry): TS.Symbol | undefined {
    if (!this.#modules.has(e.key)) {
      const first = this.#scan.entries[this.#scan.witnesses.get(e.key) ?? -1] ?? e;
      this.#modules.set(e.key, this.#program.getTypeChecker().getSymbolAtLocation(first.spec));
    }
    return this.#modules.get(e.key);
  }

  /** Every module imported as `specifier`, one per file that declares it (copies of the package). */
  modules(specifier: string): TS.Symbol[] {
    const found = new Map<string, TS.Symbol>();
    for (const i of this.#scan.witnesses.values()) {
      const e = this.#scan.entries[i] as Entry;
      if (e.spec.text !== specifier) continue;
      const module = this.#moduleOf(e);
      const file = module?.declarations?.[0]?.getSourceFile().fileName;
      if (module && file && !found.has(file)) found.set(file, module);
    }
    return [...found.values()];
  }

  /** The first import in a file `own` accepts that resolves to nothing. */
  unresolvedIn(own: (f: TS.SourceFile) => boolean): { readonly file: TS.SourceFile; readonly spec: TS.StringLiteral } | undefined {
    // Per key first: usually every key resolves, and no import is looked at.
    const broken = new Set<string>();
    for (const [key, i] of this.#scan.witnesses) if (this.#moduleOf(this.#scan.entries[i] as Entry) === undefined) broken.add(key);
    if (broken.size === 0) return undefined;
    return this.#scan.entries.find((e) => broken.has(e.key) && own(e.file));
  }

  /** Whether a file `own` accepts imports the kernel at all. */
  anyIn(own: (f: TS.SourceFile) => boolean): boolean {
    return this.#scan.entries.some((e) => own(e.file));
  }
}

function kernelSubset(imports: readonly FileImport[]): readonly FileImport[] {
  let subset = subsets.get(imports);
  if (!subset)
    subsets.set(imports, (subset = imports.filter(({ spec }) => spec.text === KERNEL_MODULE || spec.text.startsWith(KERNEL_PREFIX))));
  return subset;
}

const subsets = new WeakMap<readonly FileImport[], readonly FileImport[]>();

function entriesOf(ts: TypeScript, program: TS.Program, sf: TS.SourceFile, out: Entry[]): void {
  for (const { spec, target } of kernelSubset(importsOf(ts, program, sf))) {
    const decl = spec.parent;
    const alone = (ts.isImportDeclaration(decl) || ts.isExportDeclaration(decl)) && decl.attributes !== undefined;
    const key =
      target !== undefined
        ? `file\0${target}`
        : alone
          ? `alone\0${sf.fileName}\0${spec.pos}`
          : `dir\0${sf.fileName.slice(0, sf.fileName.replace(/\\/g, '/').lastIndexOf('/'))}\0${String(sf.impliedNodeFormat)}\0${spec.text}`;
    out.push({ file: sf, spec, key });
  }
}

function scan(ts: TypeScript, program: TS.Program, files: readonly TS.SourceFile[]): Scan {
  const entries: Entry[] = [];
  for (const sf of files) entriesOf(ts, program, sf, entries);
  const witnesses = new Map<string, number>();
  entries.forEach((e, i) => {
    if (!witnesses.has(e.key)) witnesses.set(e.key, i);
  });
  return { files, entries, witnesses };
}

/**
 * `earlier` brought up to `files` (a program with the same resolutions),
 * when only file objects changed and each changed file imports the kernel
 * as before; undefined when a full scan is needed.
 */
function after(ts: TypeScript, program: TS.Program, earlier: Scan, files: readonly TS.SourceFile[]): Scan | undefined {
  if (earlier.files === files) return earlier;
  const changed = changedFiles(earlier.files, files);
  if (!changed) return undefined;
  if (changed.size === 0) return { ...earlier, files };
  const entries: Entry[] = [];
  for (let i = 0; i < earlier.entries.length;) {
    const e = earlier.entries[i] as Entry;
    const now = changed.get(e.file);
    if (!now) {
      entries.push(e);
      i++;
      continue;
    }
    // The changed file's entries, read again; they must line up with its old ones.
    let end = i;
    while (end < earlier.entries.length && (earlier.entries[end] as Entry).file === e.file) end++;
    const start = entries.length;
    entriesOf(ts, program, now, entries);
    if (entries.length - start !== end - i || entries.slice(start).some((x, j) => x.key !== (earlier.entries[i + j] as Entry).key))
      return undefined;
    changed.delete(e.file);
    i = end;
  }
  // A changed file that had no kernel import must still have none.
  for (const now of changed.values()) if (kernelSubset(importsOf(ts, program, now)).length > 0) return undefined;
  return { files, entries, witnesses: earlier.witnesses };
}
