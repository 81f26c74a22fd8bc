// Program-wide results (descriptors, obligations, structures) read per file:
// each rule runs once per file, so scanning a program-wide list there costs
// files × items. Grouped by file once per list and key instead.
import type { TS } from '../ts.js';

const groups = new WeakMap<readonly unknown[], Map<(item: never) => TS.Node | undefined, Map<TS.SourceFile, unknown[]>>>();
const NONE: readonly never[] = [];

/**
 * The items of `items` whose `nodeOf` lies in `file`, in their order. The
 * grouping is built on first use and kept for the list's lifetime, so
 * `nodeOf` must be one function (module level), not a fresh closure per call.
 */
export function inFile<T>(items: readonly T[], nodeOf: (item: T) => TS.Node | undefined, file: TS.SourceFile): readonly T[] {
  let byKey = groups.get(items);
  if (!byKey) groups.set(items, (byKey = new Map<(item: never) => TS.Node | undefined, Map<TS.SourceFile, unknown[]>>()));
  let byFile = byKey.get(nodeOf) as Map<TS.SourceFile, T[]> | undefined;
  if (!byFile) {
    byFile = new Map();
    for (const item of items) {
      const sf = nodeOf(item)?.getSourceFile();
      if (!sf) continue;
      const list = byFile.get(sf);
      if (list) list.push(item);
      else byFile.set(sf, [item]);
    }
    byKey.set(nodeOf, byFile);
  }
  return byFile.get(file) ?? NONE;
}
