// Reuse across programs. TypeScript reuses the source file objects of
// unchanged files when an editor or `eslint --fix` makes a new program; what
// was computed from a file (AST nodes, and what the checker said about them)
// still holds while every file it imports, transitively, is the same object,
// so an edit recomputes the edited file and the files that import it, not the
// project.
import type { TS } from '../ts.js';
import type { Components } from './components.js';

/** Values computed from a file object, with the import closure they were computed under. */
export type Remembered<T> = WeakMap<TS.SourceFile, { readonly value: T; readonly imports: readonly TS.SourceFile[] }>;

export class ReuseAcrossPrograms {
  readonly #importFiles = new Map<readonly string[], readonly TS.SourceFile[]>();
  readonly #sameSets = new Map<readonly TS.SourceFile[], Map<readonly TS.SourceFile[], boolean>>();

  constructor(
    readonly program: TS.Program,
    /** The program's import graph, made on first use (a program whose files are never indexed needs none). */
    readonly components: () => Components,
  ) {}

  /**
   * What an earlier program remembered of this very file object, if nothing it
   * imports changed since. Only the import graph's files (the analysed ones)
   * are remembered: the graph follows no other file's imports, so for any
   * other file a change in what it imports would go unseen.
   */
  earlier<T>(store: Remembered<T>, file: TS.SourceFile): T | undefined {
    const e = store.get(file);
    return e && this.components().has(file.fileName) && this.#sameImports(file, e.imports) ? e.value : undefined;
  }

  remember<T>(store: Remembered<T>, file: TS.SourceFile, value: T): void {
    if (this.components().has(file.fileName)) store.set(file, { value, imports: this.#importsOf(file) });
  }

  /** What `file`'s own facts depend on (its forward import closure), as source file objects: one array per distinct set. */
  #importsOf(file: TS.SourceFile): readonly TS.SourceFile[] {
    const names = this.components().forward(file.fileName);
    let g = this.#importFiles.get(names);
    if (!g)
      this.#importFiles.set(
        names,
        (g = names.map((f) => this.program.getSourceFile(f)).filter((f): f is TS.SourceFile => f !== undefined)),
      );
    return g;
  }

  /** Whether the files `file` imports, transitively, are in this program exactly `before`, object for object. */
  #sameImports(file: TS.SourceFile, before: readonly TS.SourceFile[]): boolean {
    const now = this.#importsOf(file);
    // Compared once per pair of sets, not once per file: one big set shared by many files would make it quadratic.
    let byNow = this.#sameSets.get(before);
    if (!byNow) this.#sameSets.set(before, (byNow = new Map<readonly TS.SourceFile[], boolean>()));
    let same = byNow.get(now);
    if (same === undefined) byNow.set(now, (same = now.length === before.length && now.every((f, i) => f === before[i])));
    return same;
  }
}
