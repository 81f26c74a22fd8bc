// Small text helpers for transforms that move statements between functions:
// a statement's text with some names rewritten, and the indentation to give
// it where it lands.
import { type TS, type TypeScript, applyTextEdits } from '@drvlint/core';

/**
 * `node`'s text, with every identifier that denotes one of `renames`'
 * symbols rewritten, and, given `thisAs`, `this` (outside nested non-arrow
 * functions, whose `this` is their own) written as that name.
 */
export function rewrittenText(
  ts: TypeScript,
  checker: TS.TypeChecker,
  node: TS.Node,
  renames: ReadonlyMap<TS.Symbol, string>,
  thisAs?: string,
): string {
  const file = node.getSourceFile();
  const start = node.getStart(file);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      const s = checker.getSymbolAtLocation(n);
      const to = s ? renames.get(s) : undefined;
      if (to !== undefined) edits.push({ start: n.getStart(file) - start, end: n.end - start, text: to });
    } else if (thisAs !== undefined && n.kind === ts.SyntaxKind.ThisKeyword)
      edits.push({ start: n.getStart(file) - start, end: n.end - start, text: thisAs });
    if (thisAs !== undefined && n !== node && ts.isFunctionLike(n) && !ts.isArrowFunction(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(node);
  const out = applyTextEdits(file.text.slice(start, node.end), edits);
  // Each edit replaces one identifier or `this`, and no two nodes overlap: a transform's bug otherwise.
  if (out === undefined) throw new Error('overlapping renames');
  return out;
}

/** The whitespace a line starts with. */
export function indentOf(file: TS.SourceFile, pos: number): string {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** One level of indentation as the file writes it: the first indented line's, else two spaces. */
export function indentUnit(file: TS.SourceFile): string {
  return /\n([ \t]+)\S/.exec(file.text)?.[1] ?? '  ';
}

export function eolOf(file: TS.SourceFile): string {
  return file.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Insert `lines` (already indented) at the end of a block, before its closing brace's line. */
export function appendToBlock(file: TS.SourceFile, body: TS.Block, lines: readonly string[]): { start: number; end: number; text: string } {
  const eol = eolOf(file);
  const close = body.end - 1;
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  const closeOnOwnLine = /^[ \t]*$/.test(text.slice(lineStart, close));
  if (closeOnOwnLine) return { start: lineStart, end: lineStart, text: lines.map((l) => `${l}${eol}`).join('') };
  return { start: close, end: close, text: `${eol}${lines.join(eol)}${eol}${indentOf(file, body.getStart(file))}` };
}

/** Insert `lines` at the start of a block, after its opening brace's line. */
export function prependToBlock(
  file: TS.SourceFile,
  body: TS.Block,
  lines: readonly string[],
): { start: number; end: number; text: string } {
  const eol = eolOf(file);
  const open = body.getStart(file) + 1;
  const nl = file.text.indexOf('\n', open);
  if (nl >= 0 && /^[ \t]*\r?$/.test(file.text.slice(open, nl)))
    return { start: nl + 1, end: nl + 1, text: lines.map((l) => `${l}${eol}`).join('') };
  return { start: open, end: open, text: `${eol}${lines.join(eol)}${eol}` };
}
