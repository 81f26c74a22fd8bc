// id-table: every id table is zero-terminated, has no duplicate ids, and the
// table a driver uses is static.
import {
  type AnalysisView,
  type Reporter as RuleReporter,
  type DriverDescriptor,
  type FunctionNode,
  type IdTableKind,
  type TS,
  constInitializer,
  createRule,
  inFile,
  isModuleScope,
  originDeclaration,
  originOf,
  skipOuter,
  symbolAt,
  text,
} from '@drvlint/core';

interface TableCall {
  readonly call: TS.CallExpression;
  readonly kind: IdTableKind;
  readonly raw: boolean;
}

const messages = {
  missingTerminator: 'This raw id table does not end with `{{zero}}`; C matching would read past its end. Append the terminator.',
  earlyTerminator: '`{{zero}}` before the last element ends the table here: the {{count}} entries after it never match.',
  duplicate: 'Duplicate id: `{{id}}` is already in this table (entry {{first}}).',
  notStatic: "The id table of driver `{{driver}}` {{why}}; a driver's table is a module-level `const` built from literals.",
  appendTerminator: 'Append `{{zero}}`.',
};
type MessageId = keyof typeof messages;

export default createRule({
  meta: {
    id: 'id-table',
    type: 'problem',
    description:
      'Id tables are zero-terminated (built with idTable(), or a rawIdTable() whose last element is the bus DeviceId.ZERO and only the last), have no duplicate ids, and the table a driver uses is a module-level const.',
    messages,
    schema: [],
    defaultOptions: [],
    presets: { recommended: 'error', strict: 'error' },
    fixable: 'code',
  },
  check({ analysis, index, file, report }) {
    const tables = index.calls.map((c) => tableCall(analysis, c)).filter((t): t is TableCall => t !== undefined);
    for (const t of tables) {
      const arg = t.call.arguments[0] ? skipOuter(analysis.ts, t.call.arguments[0]) : undefined;
      const entries = arg && tableEntries(analysis, arg, undefined);
      if (!arg || !entries) continue;
      if (t.raw) terminators(analysis, t, entries, analysis.ts.isArrayLiteralExpression(arg) ? arg : undefined, file, report);
      duplicates(analysis, entries, report);
    }
    for (const d of inFile(analysis.drivers.descriptors, callNode, file)) {
      if (!d.definition) continue;
      for (const p of d.definition.properties) {
        const name = p.name && analysis.ts.isIdentifier(p.name) ? p.name.text : undefined;
        if (!name || !/^(idTable|ofIdTable|acpiIdTable)$/.test(name)) continue;
        const value = analysis.ts.isPropertyAssignment(p)
          ? p.initializer
          : analysis.ts.isShorthandPropertyAssignment(p)
            ? p.name
            : undefined;
        const why = value ? notStatic(analysis, value) : undefined;
        if (why) report({ node: value ?? p, messageId: 'notStatic', data: { driver: driverName(analysis, d.definition), why } });
      }
    }
  },
});

const callNode = (d: DriverDescriptor): TS.Node => d.call;

type Reporter = RuleReporter<MessageId>;

function tableCall(analysis: AnalysisView, call: TS.CallExpression | TS.NewExpression): TableCall | undefined {
  if (!analysis.ts.isCallExpression(call)) return undefined;
  const builders = analysis.kernel?.tableBuilders;
  const decl = builders && analysis.kernelCallee(call, builders);
  const b = decl ? builders.get(decl) : undefined;
  return b ? { call, ...b } : undefined;
}

/** The `ZERO` sentinel an element is, if it is one: by origin, or by value. */
function zeroKind(analysis: AnalysisView, element: TS.Expression): IdTableKind | undefined {
  // An entry `[id, info]` ends the table when its id is zero, as the driver core scans it.
  const x = skipOuter(analysis.ts, element);
  const e = analysis.ts.isArrayLiteralExpression(x) ? x.elements[0] : x;
  if (!e || analysis.ts.isSpreadElement(e)) return undefined;
  // By origin, never by spelling: `const Z = pci.DeviceId.ZERO`, `const { ZERO } = pci.DeviceId`, an import or re-export of either.
  const decl = originDeclaration(analysis.ts, analysis.checker, e);
  return (decl ? analysis.kernel.zeros.get(decl) : undefined) ?? zeroByValue(analysis, e);
}

/**
 * An id the driver core compares equal to its bus's `ZERO`, made by the
 * kernel's own factory: `of.DeviceId.new('')` (every field empty). Read from
 * the factory's declaration, a static of the bus's `DeviceId` class beside its
 * `ZERO`, and the constant value of its one argument.
 */
function zeroByValue(analysis: AnalysisView, e: TS.Expression): IdTableKind | undefined {
  const { ts, checker, kernel } = analysis;
  const call = originOf(ts, checker, e);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const decl = analysis.kernelCallee(call);
  const cls = decl?.parent;
  if (!decl || !cls || !ts.isClassDeclaration(cls) || !ts.isMethodDeclaration(decl) || decl.name.getText() !== 'new') return undefined;
  const zero = cls.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText() === 'ZERO');
  const kind = zero ? kernel.zeros.get(zero) : undefined;
  const arg = call.arguments[0];
  const value = arg && originOf(ts, checker, arg);
  const empty = value !== undefined && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) && value.text === '';
  return kind && empty ? kind : undefined;
}

/** How this file spells the terminator: from an entry's `X.DeviceId.fromId(…)`, else the builder's namespace. */
function zeroText(analysis: AnalysisView, t: TableCall, els: readonly Entry[]): string {
  const ts = analysis.ts;
  for (const { el, at } of els) {
    if (at !== el) continue; // spelled in this file
    const id = ts.isArrayLiteralExpression(el) ? el.elements[0] : el;
    const callee = id && ts.isCallExpression(id) ? id.expression : undefined;
    if (callee && ts.isPropertyAccessExpression(callee)) return `${callee.expression.getText()}.ZERO`;
  }
  const callee = t.call.expression;
  return ts.isPropertyAccessExpression(callee) ? `${callee.expression.getText()}.DeviceId.ZERO` : `${t.kind}.DeviceId.ZERO`;
}

/** One entry of a table, and where it is reported: itself, or the spread or name in this file that brought it in. */
interface Entry {
  readonly el: TS.Expression;
  readonly at: TS.Node;
}

/**
 * The entries a table's argument lists: an array literal's elements, and
 * through a spread or the argument itself, those of the `const` array
 * literal it names (`rawIdTable(IDS)`, `[...COMMON, ZERO]`, in this file or
 * another). Undefined when an entry cannot be seen (a spread of anything else).
 */
function tableEntries(analysis: AnalysisView, arg: TS.Expression, at: TS.Node | undefined, depth = 0): Entry[] | undefined {
  const ts = analysis.ts;
  const e = skipOuter(ts, arg);
  if (ts.isArrayLiteralExpression(e)) {
    const out: Entry[] = [];
    for (const el of e.elements) {
      if (!ts.isSpreadElement(el)) {
        out.push({ el, at: at ?? el });
        continue;
      }
      const inner = depth < 4 ? tableEntries(analysis, el.expression, at ?? el, depth + 1) : undefined;
      if (!inner) return undefined;
      out.push(...inner);
    }
    return out;
  }
  if (!ts.isIdentifier(e) || depth >= 4) return undefined;
  const init = constInitializer(ts, symbolAt(analysis.checker, ts, e)?.valueDeclaration);
  return init ? tableEntries(analysis, init, at ?? e, depth + 1) : undefined;
}

function terminators(
  analysis: AnalysisView,
  t: TableCall,
  els: readonly Entry[],
  arr: TS.ArrayLiteralExpression | undefined,
  file: TS.SourceFile,
  report: Reporter,
): void {
  const zero = zeroText(analysis, t, els);
  els.forEach(({ el, at }, i) => {
    if (i < els.length - 1 && zeroKind(analysis, el))
      report({ node: at, messageId: 'earlyTerminator', data: { zero: el.getText(), count: String(els.length - 1 - i) } });
  });
  const last = els[els.length - 1];
  if (last && zeroKind(analysis, last.el)) return;
  // Appended only to the call's own array: a named array may serve other tables (an idTable() among them, where ZERO is no entry).
  report({
    node: t.call,
    messageId: 'missingTerminator',
    data: { zero },
    ...(arr ? { fix: [appendElement(analysis.ts, arr, zero, file)] } : {}),
  });
}

/** Insert `text` as a new last element, keeping the array's layout and trailing-comma style. */
function appendElement(
  ts: AnalysisView['ts'],
  arr: TS.ArrayLiteralExpression,
  value: string,
  file: TS.SourceFile,
): { start: number; end: number; text: string } {
  const els = arr.elements;
  const last = els[els.length - 1];
  const src = file.text;
  if (!last) {
    const at = arr.getStart(file) + 1;
    return { start: at, end: at, text: value };
  }
  const trailingComma = els.hasTrailingComma;
  // The comma token itself, past any comment (a comment may hold commas of its own).
  const afterLast = trailingComma ? nextTokenStart(ts, src, last.end) + 1 : last.end;
  const lastLine = file.getLineAndCharacterOfPosition(last.getStart(file)).line;
  const closeLine = file.getLineAndCharacterOfPosition(arr.end - 1).line;
  if (closeLine > lastLine) {
    const lineStart = file.getPositionOfLineAndCharacter(lastLine, 0);
    const indent = /^[ \t]*/.exec(src.slice(lineStart))?.[0] ?? '';
    return { start: afterLast, end: afterLast, text: `${trailingComma ? '' : ','}\n${indent}${value}${trailingComma ? ',' : ''}` };
  }
  return { start: afterLast, end: afterLast, text: trailingComma ? ` ${value},` : `, ${value}` };
}

function duplicates(analysis: AnalysisView, entries: readonly Entry[], report: Reporter): void {
  const seen = new Map<string, number>();
  entries.forEach(({ el, at }, i) => {
    const entry = skipOuter(analysis.ts, el);
    const id = analysis.ts.isArrayLiteralExpression(entry) ? entry.elements[0] : undefined;
    const key = id ? foldId(analysis, id) : undefined;
    if (!key || !id) return;
    const first = seen.get(key);
    if (first !== undefined)
      report({ node: at === el ? id : at, messageId: 'duplicate', data: { id: text(id), first: String(first + 1) } });
    else seen.set(key, i);
  });
}

/** `fromId(pci.Vendor.INTEL, 0x2723)` and `fromId(0x8086, 10019)` give the same key; undefined if any argument does not fold. */
function foldId(analysis: AnalysisView, id: TS.Expression): string | undefined {
  const { ts, checker } = analysis;
  const call = skipOuter(ts, id);
  if (!ts.isCallExpression(call)) return undefined;
  const decl = analysis.kernelCallee(call);
  if (!decl) return undefined;
  const values: string[] = [];
  for (const a of call.arguments) {
    const t = checker.getTypeAtLocation(a);
    if (t.isNumberLiteral() || t.isStringLiteral()) values.push(JSON.stringify(t.value));
    else return undefined;
  }
  return `${decl.pos}:${decl.getSourceFile().fileName}(${values.join(',')})`;
}

/** Why the table expression a driver names is not static, or undefined when it is. */
function notStatic(analysis: AnalysisView, value: TS.Expression, depth = 0): string | undefined {
  const ts = analysis.ts;
  const e = skipOuter(ts, value);
  if (ts.isConditionalExpression(e) || (ts.isBinaryExpression(e) && /^(\|\||\?\?|&&)$/.test(e.operatorToken.getText())))
    return 'is chosen conditionally';
  if (ts.isCallExpression(e)) {
    const t = tableCall(analysis, e);
    if (!t) return `is built by calling \`${text(e.expression)}\``;
    const arg = e.arguments[0] && skipOuter(ts, e.arguments[0]);
    const fn: FunctionNode | undefined = analysis.functionAround(e);
    if (fn) return 'is built inside a function';
    return !arg || !isLiteralData(analysis, arg, 0) ? 'is produced from data rather than written as a literal' : undefined;
  }
  if ((ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) && depth < 4) {
    const decl = symbolAt(analysis.checker, ts, e)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
    const isConst = (decl.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst) return `is held in \`${decl.parent.flags & ts.NodeFlags.Let ? 'let' : 'var'} ${decl.name.getText()}\``;
    if (!isModuleScope(ts, decl)) return 'is built inside a function';
    return decl.initializer ? notStatic(analysis, decl.initializer, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * Whether `e` is written out as literals: an array literal whose spreads are
 * such data too, or a module-level `const` holding one (`pci.idTable(IDS)`).
 * The builder copies the entries when the module loads, so a named array is
 * as static as one written in the call.
 */
function isLiteralData(analysis: AnalysisView, expr: TS.Expression, depth: number): boolean {
  const ts = analysis.ts;
  const e = skipOuter(ts, expr);
  if (ts.isArrayLiteralExpression(e))
    return e.elements.every((el) => !ts.isSpreadElement(el) || (depth < 4 && isLiteralData(analysis, el.expression, depth + 1)));
  if (!ts.isIdentifier(e) || depth >= 4) return false;
  const decl = symbolAt(analysis.checker, ts, e)?.valueDeclaration;
  const init = constInitializer(ts, decl);
  return init !== undefined && decl !== undefined && isModuleScope(ts, decl) && isLiteralData(analysis, init, depth + 1);
}

function driverName(analysis: AnalysisView, def: TS.ObjectLiteralExpression): string {
  for (const p of def.properties) {
    if (analysis.ts.isPropertyAssignment(p) && p.name.getText() === 'name' && analysis.ts.isStringLiteral(p.initializer))
      return p.initializer.text;
  }
  return '(unnamed)';
}

/** Where the next token after `pos` starts, past whitespace and comments. */
function nextTokenStart(ts: AnalysisView['ts'], text: string, pos: number): number {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text, undefined, pos);
  scanner.scan();
  return scanner.getTokenStart();
}
