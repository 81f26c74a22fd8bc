// Which files are the program's own driver code: not declarations, not
// dependencies, not the kernel package. Every pass asks it of every file,
// so it is decided once per file, and kept for the next program with the
// same resolutions (see importsOf), which has the same files from the same
// places and the same kernel copies: an edit decides it for the edited file.
import type { KernelModel } from './kernel-model.js';
import { resolutionKey } from './imports.js';
import type { TS } from './ts.js';

/** Per resolution key, then per set of kernel copies (a view can see fewer copies than its program). */
const byResolutions = new WeakMap<object, Map<string, WeakMap<TS.SourceFile, boolean>>>();

/** The last file list decided against each of those maps, and which of its files are own. */
const lastLists = new WeakMap<WeakMap<TS.SourceFile, boolean>, { readonly files: readonly TS.SourceFile[]; readonly own: readonly boolean[] }>();

export function ownFiles(program: TS.Program, kernel: KernelModel | undefined): (sf: TS.SourceFile) => boolean {
  const known = knownFor(program, kernel);
  return (sf) => {
    let own = known.get(sf);
    if (own === undefined) known.set(sf, (own = !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf) && !kernel?.isKernelFile(sf.fileName)));
    return own;
  };
}

function knownFor(program: TS.Program, kernel: KernelModel | undefined): WeakMap<TS.SourceFile, boolean> {
  const key = resolutionKey(program);
  const roots = kernel?.roots.join('\0') ?? '';
  let byRoots = byResolutions.get(key);
  if (!byRoots) byResolutions.set(key, (byRoots = new Map()));
  let own = byRoots.get(roots);
  if (!own) byRoots.set(roots, (own = new WeakMap()));
  return own;
}

/**
 * The program's own files, in program order. An edit's program lists the
 * same files as the last one with the same resolutions, all but the edited
 * one the same objects: those keep their answer by position, so an edit
 * asks about one file, not every file of the project.
 */
export function ownFileList(program: TS.Program, kernel: KernelModel | undefined): readonly TS.SourceFile[] {
  const known = knownFor(program, kernel);
  const isOwn = ownFiles(program, kernel);
  const files = program.getSourceFiles();
  const last = lastLists.get(known);
  const own = files.map((sf, i) => (last && last.files.length === files.length && last.files[i] === sf ? (last.own[i] as boolean) : isOwn(sf)));
  lastLists.set(known, { files, own });
  return files.filter((_, i) => own[i]);
}
