// Which names an expression can refer to, read from its spelling: a
// reference to a parameter or a variable is an identifier spelled as its
// name. Summaries use it to skip, without asking the checker, the parts of a
// function that cannot hold a parameter's value.
import type { TS } from '../ts.js';

/**
 * The text of `n`'s file, when spelling tells which names can refer to
 * `syms`: a reference to a parameter or a variable is an identifier spelled
 * as its name, so text that contains none of the names holds none of the
 * values, and the checker need not be asked about the identifiers and members
 * in it. Undefined where spelling tells nothing: names the binder makes up
 * (`default`, `__object`), nodes the parser did not place, and files with
 * unicode escapes, where an identifier's text can be spelled otherwise.
 */
export function spellingText(n: TS.Node, syms: ReadonlySet<TS.Symbol>): string | undefined {
  for (const s of syms) if (s.name === 'default' || s.name.startsWith('__')) return undefined;
  const file = n.getSourceFile();
  return n.pos < 0 || escapes(file) ? undefined : file.text;
}

/** Whether the text of `n` contains the name of one of `syms`. */
export function spelledIn(text: string, n: TS.Node, syms: ReadonlySet<TS.Symbol>): boolean {
  const part = text.slice(n.pos, n.end);
  for (const s of syms) if (part.includes(s.name)) return true;
  return false;
}

/** Whether `id` is spelled as the name of one of `syms`. */
export function spelledAs(id: TS.Identifier, syms: ReadonlySet<TS.Symbol>): boolean {
  for (const s of syms) if (s.name === id.text) return true;
  return false;
}

const withEscapes = new WeakMap<TS.SourceFile, boolean>();
function escapes(file: TS.SourceFile): boolean {
  let found = withEscapes.get(file);
  if (found === undefined) withEscapes.set(file, (found = file.text.includes('\\u')));
  return found;
}
