// Where moved statements land in the private data's class: the start of its
// `[Symbol.dispose]` (created, with `implements Disposable`, where missing).
import type { AnalysisView, TS, TextEdit } from '@drvlint/core';
import { eolOf, indentOf, indentUnit, prependToBlock } from './text.js';

/** The class declared in the program for a type, if it is one (not an interface or object literal). */
export function classOfType(analysis: AnalysisView, type: TS.Type | undefined): TS.ClassLikeDeclaration | undefined {
  const { ts } = analysis;
  const t = type ? analysis.checker.getNonNullableType(type) : undefined;
  const decl = t?.getSymbol()?.declarations?.find((d) => ts.isClassLike(d));
  return decl && ts.isClassLike(decl) && !decl.getSourceFile().isDeclarationFile ? decl : undefined;
}

/** The class's own `[Symbol.dispose]()` method, if it has one. */
export function disposeMethod(analysis: AnalysisView, cls: TS.ClassLikeDeclaration): TS.MethodDeclaration | undefined {
  const { ts } = analysis;
  return cls.members.find(
    (m): m is TS.MethodDeclaration =>
      ts.isMethodDeclaration(m) && ts.isComputedPropertyName(m.name) && m.name.expression.getText() === 'Symbol.dispose',
  );
}

/** Edits that put `statements` (texts, `this`-relative) at the start of the class's drop. */
export function prependToDispose(analysis: AnalysisView, cls: TS.ClassLikeDeclaration, statements: readonly string[]): TextEdit[] {
  const file = cls.getSourceFile();
  const unit = indentUnit(file);
  const existing = disposeMethod(analysis, cls);
  const memberIndent = cls.members[0] ? indentOf(file, cls.members[0].getStart(file)) : `${indentOf(file, cls.getStart(file))}${unit}`;
  const bodyIndent = `${memberIndent}${unit}`;
  if (existing?.body)
    return [
      prependToBlock(
        file,
        existing.body,
        statements.map((s) => `${bodyIndent}${s}`),
      ),
    ];
  const eol = eolOf(file);
  const method = [`${memberIndent}[Symbol.dispose](): void {`, ...statements.map((s) => `${bodyIndent}${s}`), `${memberIndent}}`].join(eol);
  const close = cls.end - 1;
  const lineStart = file.text.lastIndexOf('\n', close - 1) + 1;
  const onOwnLine = /^[ \t]*$/.test(file.text.slice(lineStart, close));
  const insert: TextEdit = onOwnLine
    ? { start: lineStart, end: lineStart, text: `${cls.members.length > 0 ? eol : ''}${method}${eol}` }
    : { start: close, end: close, text: `${eol}${method}${eol}` };
  return [insert, ...implementsDisposable(analysis, cls)];
}

/** `implements Disposable` on the class, unless it has it already. */
function implementsDisposable(analysis: AnalysisView, cls: TS.ClassLikeDeclaration): TextEdit[] {
  const { ts } = analysis;
  const clauses = cls.heritageClauses ?? [];
  const impl = clauses.find((c) => c.token === ts.SyntaxKind.ImplementsKeyword);
  if (impl?.types.some((t) => t.expression.getText() === 'Disposable')) return [];
  const last = impl?.types[impl.types.length - 1];
  if (last) return [{ start: last.end, end: last.end, text: ', Disposable' }];
  const ext = clauses.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword);
  const after = ext?.end ?? cls.typeParameters?.end ?? cls.name?.end;
  if (after === undefined) return [];
  const at = cls.typeParameters && !ext ? after + 1 : after; // past the closing `>` of type parameters
  return [{ start: at, end: at, text: ' implements Disposable' }];
}
