// Imports as migrations leave them: current names are added to the file's
// existing `@drvlint/kernel` import (or a new one), and legacy imports are
// removed once nothing uses them. Edits only; the rest of a line is kept.
import { type AnalysisView, KERNEL_MODULE, LEGACY_MODULE, type TS, type TextEdit, importSpecifierRemoval } from '@drvlint/core';

/** Names a transform needs from `@drvlint/kernel` in one file, resolved to the local names to write. */
export class KernelImports {
  readonly #wanted = new Map<string, boolean>();

  constructor(
    readonly analysis: AnalysisView,
    readonly file: TS.SourceFile,
  ) {}

  /**
   * The local name under which `name` is (or will be) imported; `type` for
   * type-only use; `as` to import it under a given local name.
   */
  use(name: string, type = false, as?: string): string {
    const { ts } = this.analysis;
    for (const st of this.file.statements) {
      if (!ts.isImportDeclaration(st) || !isFrom(ts, st, KERNEL_MODULE) || !st.importClause?.namedBindings) continue;
      const b = st.importClause.namedBindings;
      if (ts.isNamespaceImport(b)) return `${b.name.text}.${name}`;
      for (const e of b.elements)
        if ((e.propertyName ?? e.name).getText() === name && (as === undefined || e.name.text === as)) return e.name.text;
    }
    const key = as === undefined || as === name ? name : `${name} as ${as}`;
    this.#wanted.set(key, (this.#wanted.get(key) ?? true) && type);
    return as ?? name;
  }

  /** The edit that adds what `use` could not find, to the existing named import or as a new one. */
  edits(): TextEdit[] {
    const { ts } = this.analysis;
    if (this.#wanted.size === 0) return [];
    const names = [...this.#wanted];
    const imports = this.file.statements.filter((s): s is TS.ImportDeclaration => ts.isImportDeclaration(s));
    const named = imports.find(
      (s) => isFrom(ts, s, KERNEL_MODULE) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings),
    );
    const clause = named?.importClause;
    const bindings = clause?.namedBindings as TS.NamedImports | undefined;
    if (named && clause && bindings) {
      const typeOnlyImport = clause.isTypeOnly;
      // A type-only import takes only types; a value name then needs an import of its own.
      const fits = names.filter(([, t]) => t || !typeOnlyImport);
      const rest = names.filter(([, t]) => !t && typeOnlyImport);
      const last = bindings.elements[bindings.elements.length - 1];
      const spec = fits.map(([n, t]) => (t && !typeOnlyImport ? `type ${n}` : n)).join(', ');
      const out: TextEdit[] = [];
      if (fits.length > 0)
        out.push(
          last
            ? { start: last.end, end: last.end, text: `, ${spec}` }
            : { start: bindings.getStart(this.file) + 1, end: bindings.getStart(this.file) + 1, text: ` ${spec} ` },
        );
      if (rest.length > 0) out.push(newImport(this.file, named.end, rest));
      return out;
    }
    const after = imports[imports.length - 1];
    return [newImport(this.file, after ? after.end : 0, names)];
  }
}

function newImport(file: TS.SourceFile, at: number, names: readonly (readonly [string, boolean])[]): TextEdit {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const allTypes = names.every(([, t]) => t);
  const spec = names.map(([n, t]) => (t && !allTypes ? `type ${n}` : n)).join(', ');
  const line = `import ${allTypes ? 'type ' : ''}{ ${spec} } from '${KERNEL_MODULE}';`;
  return at === 0 ? { start: 0, end: 0, text: `${line}${eol}` } : { start: at, end: at, text: `${eol}${line}` };
}

export function isFrom(ts: AnalysisView['ts'], decl: TS.ImportDeclaration, module: string): boolean {
  return ts.isStringLiteral(decl.moduleSpecifier) && decl.moduleSpecifier.text === module;
}

/** Edits that remove legacy imports nothing in the file uses any more: specifiers, or whole declarations. */
export function unusedLegacyImports(analysis: Pick<AnalysisView, 'ts' | 'checker'>, file: TS.SourceFile): TextEdit[] {
  const { ts, checker } = analysis;
  const used = new Set<TS.Symbol>();
  const visit = (n: TS.Node): void => {
    if (ts.isImportDeclaration(n)) return;
    if (ts.isIdentifier(n)) {
      const s = checker.getSymbolAtLocation(n);
      if (s) used.add(s);
      if (ts.isShorthandPropertyAssignment(n.parent)) {
        const v = checker.getShorthandAssignmentValueSymbol(n.parent);
        if (v) used.add(v);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  const isUsed = (name: TS.Identifier): boolean => {
    const s = checker.getSymbolAtLocation(name);
    return s !== undefined && used.has(s);
  };
  const out: TextEdit[] = [];
  for (const st of file.statements) {
    if (!ts.isImportDeclaration(st) || !isFrom(ts, st, LEGACY_MODULE) || !st.importClause) continue;
    const { name, namedBindings } = st.importClause;
    const keptDefault = name !== undefined && isUsed(name);
    if (namedBindings && ts.isNamespaceImport(namedBindings)) {
      if (!keptDefault && !isUsed(namedBindings.name)) out.push(wholeLine(file, st));
      continue;
    }
    const elements = namedBindings && ts.isNamedImports(namedBindings) ? namedBindings.elements : [];
    const keep = elements.filter((e) => isUsed(e.name));
    if (elements.length > 0 && keep.length === elements.length && (name === undefined || keptDefault)) continue;
    if (keep.length === 0 && !keptDefault) {
      out.push(wholeLine(file, st));
      continue;
    }
    for (const e of elements) if (!keep.includes(e)) out.push(importSpecifierRemoval(file, e));
  }
  return out;
}

/**
 * A class member with its lines, and the blank line that separated it from
 * the member before, when nothing but the closing brace follows it.
 */
export function memberRemoval(file: TS.SourceFile, node: TS.Node): TextEdit {
  const line = wholeLine(file, node);
  const text = file.text;
  const before = text.lastIndexOf('\n', line.start - 2) + 1;
  const blankBefore = line.start > 0 && /^[ \t]*\r?\n$/.test(text.slice(before, line.start));
  const closes = /^[ \t]*}/.test(text.slice(line.end));
  return blankBefore && closes ? { ...line, start: before } : line;
}

/**
 * A top-level statement with its lines; when blank lines are on both sides
 * of it, the one before goes too, so no double blank line is left.
 */
export function statementRemoval(file: TS.SourceFile, node: TS.Node): TextEdit {
  const line = wholeLine(file, node);
  const text = file.text;
  if (line.start === 0 || text[line.start - 1] !== '\n') return line;
  const before = text.lastIndexOf('\n', line.start - 2) + 1;
  const blankBefore = /^[ \t]*\r?\n$/.test(text.slice(before, line.start));
  const blankAfter = /^[ \t]*(\r?\n|$)/.test(text.slice(line.end));
  return blankBefore && blankAfter ? { ...line, start: before } : line;
}

/** A statement with its line: from the line's start to the next line's start, when it stands alone on its lines. */
export function wholeLine(file: TS.SourceFile, node: TS.Node): TextEdit {
  const text = file.text;
  let start = node.getStart(file);
  let end = node.end;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) start = lineStart;
  const nl = text.indexOf('\n', end);
  if (/^[ \t]*(\/\/[^\n]*)?\r?$/.test(text.slice(end, nl < 0 ? text.length : nl)) && start === lineStart)
    end = nl < 0 ? text.length : nl + 1;
  return { start, end, text: '' };
}
