// Which files are the program's own driver code: not declarations, not
// dependencies, not the kernel package. Every pass asks it of every file,
// so it is decided once per file, and kept for the next program with the
// same resolutions (see importsOf), which has the same files from the same
// places and the same kernel copies: an edit decides it for the edited file.
import type { KernelModel } from './kernel-model.js';
import { changedFiles, keptPerResolutions, resolutionKey } from '../program/imports.js';
import type { TS } from '../ts.js';

/** Per resolution key, then per set of kernel copies, which the answer depends on (views share their program's model, and so its copies). */
const byResolutions = new WeakMap<object, Map<string, WeakMap<TS.SourceFile, boolean>>>();

function rootsOf(kernel: KernelModel | undefined): string {
  return kernel?.roots.join('\0') ?? '';
}

/** A program's file list and its own files, kept for the next program with the same resolutions. */
interface OwnList {
  readonly files: readonly TS.SourceFile[];
  readonly roots: string;
  readonly own: readonly TS.SourceFile[];
}
const ownLists = new WeakMap<object, readonly OwnList[]>();

export function ownFiles(program: TS.Program, kernel: KernelModel | undefined): (sf: TS.SourceFile) => boolean {
  const known = knownFor(program, kernel);
  return (sf) => {
    let own = known.get(sf);
    if (own === undefined)
      known.set(sf, (own = !sf.isDeclarationFile && !fromInstalledPackage(program, sf) && !kernel?.isKernelFile(sf.fileName)));
    return own;
  };
}

/**
 * A dependency installed in node_modules. A workspace package that exports
 * its TypeScript sources (`"exports": "./src/index.ts"`) is reached through
 * node_modules too, so TypeScript calls it an external library; but its
 * files live outside node_modules, and a driver's teardown may be in them:
 * they are driver code, analysed with the rest.
 */
function fromInstalledPackage(program: TS.Program, sf: TS.SourceFile): boolean {
  return program.isSourceFileFromExternalLibrary(sf) && /[\\/]node_modules[\\/]/.test(sf.fileName);
}

function knownFor(program: TS.Program, kernel: KernelModel | undefined): WeakMap<TS.SourceFile, boolean> {
  const key = resolutionKey(program);
  const roots = rootsOf(kernel);
  let byRoots = byResolutions.get(key);
  if (!byRoots) byResolutions.set(key, (byRoots = new Map<string, WeakMap<TS.SourceFile, boolean>>()));
  let own = byRoots.get(roots);
  if (!own) byRoots.set(roots, (own = new WeakMap()));
  return own;
}

/**
 * The program's own files, in program order. An edit's program lists the
 * same files as the last one with the same resolutions, all but the edited
 * one the same objects: the earlier list is brought up to date by swapping
 * in the new objects, so an edit asks about one file, not every file of the
 * project.
 */
export function ownFileList(program: TS.Program, kernel: KernelModel | undefined): readonly TS.SourceFile[] {
  const isOwn = ownFiles(program, kernel);
  const files = program.getSourceFiles();
  const roots = rootsOf(kernel);
  const reuse = (earlier: OwnList): OwnList | undefined => {
    if (earlier.roots !== roots) return undefined;
    if (earlier.files === files) return earlier;
    const changed = changedFiles(earlier.files, files);
    if (!changed) return undefined;
    // A changed file that is own now and was not (or the reverse) would move in the list: derive it anew.
    for (const [was, is] of changed) if (isOwn(was) !== isOwn(is)) return undefined;
    if (changed.size === 0) return { files, roots, own: earlier.own };
    const own = [...earlier.own];
    for (const [was, is] of changed) {
      const at = own.indexOf(was);
      if (at >= 0) own[at] = is;
    }
    return { files, roots, own };
  };
  return keptPerResolutions(ownLists, program, files, reuse, () => ({ files, roots, own: files.filter(isOwn) })).own;
}
