// Writing a user's source file back, without harming it: only inside the
// project root (by real path, so a symlink cannot lead out), through
// symlinks to their targets, keeping the mode and hard links, the UTF-8 BOM
// and the file's line endings, never over a read-only file, and never over
// an edit someone saved while drvlint was running.
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type WriteOutcome = { readonly written: true } | { readonly written: false; readonly why: string };

const BOM = '\uFEFF';

/**
 * Replace `file`'s text, which drvlint read as `read` (without a BOM, as the
 * compiler gives it), with `text`.
 */
export function writeSource(root: string, file: string, read: string, text: string): WriteOutcome {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(file);
    realRoot = realpathSync(root);
  } catch (e) {
    return { written: false, why: `cannot resolve it: ${(e as Error).message}` };
  }
  const rel = path.relative(realRoot, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('node_modules')) {
    return { written: false, why: `its real path ${real} is outside the project root ${realRoot}` };
  }
  const st = statSync(real);
  // By the mode bits, not access(): root may write anything, yet a 444 file says "do not".
  if ((st.mode & 0o222) === 0) return { written: false, why: 'it is read-only' };
  const now = readFileSync(real, 'utf8');
  const hasBom = now.startsWith(BOM);
  const strip = (s: string): string => (s.startsWith(BOM) ? s.slice(1) : s);
  if (strip(now) !== strip(read)) return { written: false, why: 'it changed on disk while drvlint ran; run again' };
  const eol = now.includes('\r\n') ? '\r\n' : undefined;
  // Inserted lines take the file's own line ending.
  const body = eol ? strip(text).replace(/\r?\n/g, eol) : strip(text);
  const out = hasBom ? `${BOM}${body}` : body;
  if (st.nlink > 1) {
    // A hard link is kept only by writing in place.
    writeFileSync(real, out);
  } else {
    const tmp = path.join(path.dirname(real), `.${path.basename(real)}.drvlint-${process.pid}.tmp`);
    writeFileSync(tmp, out, { mode: st.mode & 0o7777 });
    chmodSync(tmp, st.mode & 0o7777);
    renameSync(tmp, real);
  }
  return { written: true };
}

/** Replace a file drvlint owns (the cache) in one step: a temporary file renamed over it. */
export function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.drvlint-${process.pid}.tmp`);
  writeFileSync(tmp, text);
  try {
    renameSync(tmp, file);
  } catch (e) {
    // Never a stray temporary file: the target is a folder, or cannot be replaced.
    rmSync(tmp, { force: true });
    throw e;
  }
}
