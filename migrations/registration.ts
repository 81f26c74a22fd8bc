// registration: a class driver registered by hand in a legacy
// `module({ init, exit })` becomes a module-level
// `const x = pci.driver({ name, idTable, probe, unbind })` (or platform or
// auxiliary), and the module `export default module({ …, drivers: [x] })`.
// Static members become the descriptor's (NAME → name, ID_TABLE → idTable,
// OF_ID_TABLE → ofIdTable, ACPI_ID_TABLE → acpiIdTable). `isRegistered`
// bookkeeping, `exit` and the registration variables go. Anything else in
// init, a class that still has remove(), or a class used anywhere else is
// left for a person.
import { type AnalysisView, type DriverDescriptor, type TS, outermostWrapper, propertyName, skipOuter } from '@drvlint/core';
import { specifierRemoval } from './core-internal.js';
import { isLegacyNamed } from './shared/legacy.js';
import { indentOf } from './shared/text.js';
import { initBookkeeping, isUnregistration, isUnregistrationExpression } from './shared/bookkeeping.js';
import { isFrom, statementRemoval } from './shared/imports.js';
import type { Transform, TransformContext } from './shared/transform.js';

const KEYS: Readonly<Record<string, string>> = {
  NAME: 'name',
  ID_TABLE: 'idTable',
  OF_ID_TABLE: 'ofIdTable',
  ACPI_ID_TABLE: 'acpiIdTable',
  probe: 'probe',
  unbind: 'unbind',
};

const transform: Transform = {
  id: 'registration',
  summary: 'class drivers registered in init become static descriptors in module({ drivers })',
  run(cx) {
    const { ts } = cx.analysis;
    for (const file of cx.files) {
      for (const call of cx.analysis.indexOf(file).calls) {
        if (ts.isCallExpression(call) && isLegacyNamed(cx.analysis, call.expression, 'module')) migrateModule(cx, file, call);
      }
    }
  },
};
export default transform;

function migrateModule(cx: TransformContext, file: TS.SourceFile, call: TS.CallExpression): void {
  const { analysis } = cx;
  const { ts } = analysis;
  const def = call.arguments[0] && skipOuter(ts, call.arguments[0]);
  if (!def || !ts.isObjectLiteralExpression(def)) {
    cx.leave(call, 'a legacy module whose definition is not an object literal');
    return;
  }
  const prop = (name: string) => def.properties.find((p) => propertyName(ts, p.name) === name);
  const init = prop('init');
  const exit = prop('exit');
  const initFn = init && functionOfProperty(ts, init);
  if (!init || !initFn?.body) {
    cx.leave(call, 'init is not a method or function with a body');
    return;
  }
  const books = initBookkeeping(cx, initFn);
  if (!books) return;
  const exitFn = exit && functionOfProperty(ts, exit);
  if (exit) {
    if (!exitFn?.body) {
      cx.leave(exit, 'exit is not a method or function with a body');
      return;
    }
    // `exit: (r) => r.unregister()` is one expression statement.
    const body = exitFn.body;
    const odd = ts.isBlock(body)
      ? body.statements.find((s) => !isUnregistration(analysis, s, books.moduleVariables))
      : !isUnregistrationExpression(analysis, body, books.moduleVariables)
        ? body
        : undefined;
    if (odd) {
      cx.leave(odd, 'exit does more than unregister drivers: migrate it by hand');
      return;
    }
  }
  // What goes with init and exit: the module-level registration variables, and a state type only they use.
  const going = [init, exit, call.typeArguments].filter((n): n is NonNullable<typeof n> => n !== undefined);
  const inside = (n: TS.Node): boolean => going.some((g) => n.pos >= g.pos && n.end <= g.end);
  const extra: TS.Node[] = [];
  for (const v of books.moduleVariables) {
    const decl = v.valueDeclaration as TS.VariableDeclaration;
    const stmt = decl.parent.parent as TS.VariableStatement;
    const elsewhere = referencesOf(analysis, v, decl.name).find((r) => !inside(r));
    if (elsewhere || stmt.declarationList.declarations.length !== 1) {
      cx.leave(elsewhere ?? stmt, `the registration variable ${v.name} is used outside init and exit: migrate it by hand`);
      return;
    }
    extra.push(stmt);
  }
  extra.push(...stateTypes(analysis, call, inside));
  const drivers: { d: DriverDescriptor; name: string; aliases: readonly TS.Node[] }[] = [];
  for (const [cls, at] of books.order) {
    const d = analysis.drivers.descriptors.find((x) => x.classDriver === cls);
    const uses = d ? classUses(cx, d, cls) : undefined;
    const why = !d ? 'not a class driver drvlint recognises' : (unmigratable(cx, d, cls) ?? (typeof uses === 'string' ? uses : undefined));
    if (why || !d || !uses || typeof uses === 'string') {
      cx.leave(d ? cls : at, why ?? 'not a class driver');
      return;
    }
    drivers.push({ d, name: descriptorName(analysis, cls), aliases: uses });
  }
  const imports = cx.imports(file);
  for (const { d, name } of drivers) rewriteClass(cx, d, name, imports.use(d.bus));
  for (const n of [...extra, ...drivers.flatMap((x) => x.aliases)]) cx.edit(n.getSourceFile(), [statementRemoval(n.getSourceFile(), n)]);
  // The module: init and exit go, `drivers` takes init's place.
  const eolIndent = indentOf(file, init.getStart(file));
  cx.edit(file, [removeProperty(file, def, init, `${eolIndent}drivers: [${drivers.map((x) => x.name).join(', ')}],`)]);
  if (exit) cx.edit(file, [removeProperty(file, def, exit)]);
  const callee = skipOuter(ts, call.expression);
  // A legacy `module` imported by name yields its name to the current one.
  if (ts.isIdentifier(callee)) {
    const s = analysis.checker.getSymbolAtLocation(callee);
    const spec = s?.declarations?.find((x): x is TS.ImportSpecifier => ts.isImportSpecifier(x));
    if (spec && ts.isImportDeclaration(spec.parent.parent.parent) && isFrom(ts, spec.parent.parent.parent, '@drvlint/kernel/legacy'))
      cx.edit(file, [specifierRemoval(file, spec)]);
  }
  // `module<State>(…)`: the current module has no state to type.
  const end = call.typeArguments ? call.typeArguments.end + 1 : callee.end;
  cx.edit(file, [{ start: callee.getStart(file), end, text: imports.use('module') }]);
  cx.migrated(
    call,
    `${drivers.length} class driver${drivers.length > 1 ? 's' : ''} (${drivers.map((x) => x.name).join(', ')}) became static descriptors in module({ drivers })`,
  );
}

/** Every identifier in the analysed files that denotes `sym`, except `decl` itself. */
function referencesOf(analysis: AnalysisView, sym: TS.Symbol, decl: TS.Node): TS.Identifier[] {
  const { ts, checker } = analysis;
  const out: TS.Identifier[] = [];
  const file = decl.getSourceFile();
  const files = sym.flags & ts.SymbolFlags.Transient || !isExported(analysis, sym) ? [file] : analysis.program.getSourceFiles();
  for (const f of files) {
    if (!analysis.isAnalysed(f)) continue;
    const visit = (n: TS.Node): void => {
      if (ts.isIdentifier(n) && n !== decl) {
        const s = checker.getSymbolAtLocation(n);
        const v = ts.isShorthandPropertyAssignment(n.parent) ? checker.getShorthandAssignmentValueSymbol(n.parent) : undefined;
        if (s === sym || v === sym) out.push(n);
      }
      ts.forEachChild(n, visit);
    };
    visit(f);
  }
  return out;
}

function isExported(analysis: AnalysisView, sym: TS.Symbol): boolean {
  const decl = sym.valueDeclaration ?? sym.declarations?.[0];
  const stmt = decl && (analysis.ts.isVariableDeclaration(decl) ? decl.parent.parent : decl);
  return stmt !== undefined && analysis.ts.canHaveModifiers(stmt) && (analysis.ts.getModifiers(stmt) ?? []).length > 0;
}

/** Interfaces and type aliases of this file that only `module<State>` and the going init and exit use. */
function stateTypes(analysis: AnalysisView, call: TS.CallExpression, inside: (n: TS.Node) => boolean): TS.Node[] {
  const { ts, checker } = analysis;
  const out: TS.Node[] = [];
  for (const arg of call.typeArguments ?? []) {
    if (!ts.isTypeReferenceNode(arg) || !ts.isIdentifier(arg.typeName)) continue;
    const sym = checker.getSymbolAtLocation(arg.typeName);
    const decl = sym?.declarations?.length === 1 ? sym.declarations[0] : undefined;
    if (!sym || !decl || (!ts.isInterfaceDeclaration(decl) && !ts.isTypeAliasDeclaration(decl))) continue;
    if (decl.getSourceFile() !== call.getSourceFile() || (ts.getModifiers(decl) ?? []).length > 0) continue;
    if (referencesOf(analysis, sym, decl.name).every(inside)) out.push(decl);
  }
  return out;
}

/**
 * Where the class is named besides its `Registration.new`: a `const` alias
 * that only registrations use, and `X satisfies legacy.pci.Driver<…>;`
 * statements, which go with the class (returned); anywhere else, why it
 * must stay.
 */
function classUses(cx: TransformContext, d: DriverDescriptor, cls: TS.ClassLikeDeclaration): TS.Node[] | string {
  const { analysis } = cx;
  const { ts, checker } = analysis;
  const name = cls.name as TS.Identifier;
  const going: TS.Node[] = [];
  const registrationArg = (n: TS.Node): boolean => ts.isCallExpression(n.parent) && n.parent === d.call;
  const where = (n: TS.Node): string => {
    const f = n.getSourceFile();
    return `${f.fileName.slice(f.fileName.lastIndexOf('/') + 1)}:${f.getLineAndCharacterOfPosition(n.getStart(f)).line + 1}`;
  };
  for (const n of referencesOf(analysis, checker.getSymbolAtLocation(name) as TS.Symbol, name)) {
    if (registrationArg(n)) continue;
    const up = outermostWrapper(ts, n);
    if (ts.isExpressionStatement(up.parent) && ts.isSatisfiesExpression(up)) {
      going.push(up.parent);
      continue;
    }
    const decl = up.parent;
    if (ts.isVariableDeclaration(decl) && decl.initializer === up && ts.isIdentifier(decl.name)) {
      const list = decl.parent;
      const alias = checker.getSymbolAtLocation(decl.name) as TS.Symbol;
      const only = referencesOf(analysis, alias, decl.name).every((r) => registrationArg(r) || isSatisfiesStatement(ts, r));
      if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const && list.declarations.length === 1 && only) {
        going.push(list.parent);
        for (const r of referencesOf(analysis, alias, decl.name))
          if (isSatisfiesStatement(ts, r)) going.push(outermostWrapper(ts, r).parent);
        continue;
      }
    }
    return `class ${name.text} is used elsewhere (${where(n)})`;
  }
  return going;
}

function isSatisfiesStatement(ts: AnalysisView['ts'], n: TS.Node): boolean {
  const up = outermostWrapper(ts, n);
  return ts.isSatisfiesExpression(up) && ts.isExpressionStatement(up.parent);
}

/** Why a class driver cannot become a descriptor as it is, or undefined. */
function unmigratable(cx: TransformContext, d: DriverDescriptor, cls: TS.ClassLikeDeclaration): string | undefined {
  const { analysis } = cx;
  const { ts, checker } = analysis;
  if (d.remove) return `class ${cls.name?.text ?? ''} still has remove(): run remove-to-unbind first`;
  if (!ts.isClassDeclaration(cls) || !cls.name) return 'not a named class declaration';
  if (ts.getModifiers(cls)?.length) return 'the class is exported or has modifiers: its users would lose it';
  if (cls.heritageClauses?.length) return 'the class extends or implements something: a descriptor cannot';
  for (const m of cls.members) {
    const name = propertyName(ts, m.name);
    const isStatic = ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    if (!name || !(name in KEYS) || !isStatic || (!ts.isMethodDeclaration(m) && !ts.isPropertyDeclaration(m)))
      return `member ${m.name?.getText() ?? '(unnamed)'} has no place in a descriptor`;
    if (ts.isPropertyDeclaration(m) && !m.initializer) return `${name} has no value`;
    let self = false;
    const visit = (n: TS.Node): void => {
      if (
        n.kind === ts.SyntaxKind.ThisKeyword ||
        (ts.isIdentifier(n) && n !== cls.name && checker.getSymbolAtLocation(n) === checker.getSymbolAtLocation(cls.name as TS.Identifier))
      )
        self = true;
      if (!self && (!ts.isFunctionLike(n) || ts.isArrowFunction(n) || n === m)) ts.forEachChild(n, visit);
    };
    visit(m);
    if (self) return `${name} refers to the class itself (this or ${cls.name.text}), which a descriptor does not have`;
  }
  return undefined;
}

/** `class X { static readonly NAME = …; static probe(…) {…} }` becomes `const x = bus.driver({ name: …, probe(…) {…}, });`, edited in place. */
function rewriteClass(cx: TransformContext, d: DriverDescriptor, name: string, bus: string): void {
  const { ts } = cx.analysis;
  const cls = d.classDriver as TS.ClassDeclaration;
  const file = cls.getSourceFile();
  const open = file.text.indexOf('{', (cls.name as TS.Identifier).end);
  cx.edit(file, [{ start: cls.getStart(file), end: open + 1, text: `const ${name} = ${bus}.driver({` }]);
  for (const m of cls.members) {
    const key = KEYS[propertyName(ts, m.name) as string] as string;
    const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
    const first = mods[0];
    if (ts.isPropertyDeclaration(m)) {
      cx.edit(file, [{ start: m.getStart(file), end: m.end, text: `${key}: ${(m.initializer as TS.Expression).getText(file)},` }]);
    } else {
      if (first) cx.edit(file, [{ start: first.getStart(file), end: (m.name as TS.PropertyName).getStart(file), text: '' }]);
      cx.edit(file, [{ start: m.end, end: m.end, text: ',' }]);
    }
  }
  cx.edit(file, [{ start: cls.end - 1, end: cls.end, text: '});' }]);
}

/** `RustDriverPci` gives `rustDriverPci`, unless that name is taken where the class is. */
function descriptorName(analysis: AnalysisView, cls: TS.ClassLikeDeclaration): string {
  const base = (cls.name?.text ?? 'driver').replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase());
  const taken = (n: string) => analysis.checker.resolveName(n, cls, analysis.ts.SymbolFlags.Value, false) !== undefined;
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}${i}`)) return `${base}${i}`;
}

function functionOfProperty(ts: AnalysisView['ts'], p: TS.ObjectLiteralElementLike): TS.FunctionLikeDeclaration | undefined {
  if (ts.isMethodDeclaration(p)) return p;
  if (ts.isPropertyAssignment(p) && (ts.isFunctionExpression(p.initializer) || ts.isArrowFunction(p.initializer))) return p.initializer;
  return undefined;
}

/** A property of an object literal, with its comma; its whole lines when it has them to itself. `replacement` takes its place. */
function removeProperty(
  file: TS.SourceFile,
  obj: TS.ObjectLiteralExpression,
  p: TS.ObjectLiteralElementLike,
  replacement = '',
): { start: number; end: number; text: string } {
  const text = file.text;
  const i = obj.properties.indexOf(p);
  let end = p.end;
  if (text[end] === ',') end++;
  const lineStart = text.lastIndexOf('\n', p.getStart(file) - 1) + 1;
  const nl = text.indexOf('\n', end);
  const ownLines =
    /^[ \t]*$/.test(text.slice(lineStart, p.getStart(file))) && /^[ \t]*\r?$/.test(text.slice(end, nl < 0 ? text.length : nl));
  if (ownLines)
    return {
      start: lineStart,
      end: nl < 0 ? text.length : nl + 1,
      text: replacement ? `${replacement}${text.includes('\r\n') ? '\r\n' : '\n'}` : '',
    };
  const next = obj.properties[i + 1];
  return { start: p.getStart(file), end: next ? next.getStart(file) : end, text: replacement ? `${replacement.trim()} ` : '' };
}
