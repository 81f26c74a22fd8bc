// registration: a class driver registered by hand in a legacy
// `module({ init, exit })` becomes a module-level
// `const x = pci.driver({ name, idTable, probe, unbind })` (or platform or
// auxiliary), and the module `export default module({ …, drivers: [x] })`.
// Static members become the descriptor's (NAME → name, ID_TABLE → idTable,
// OF_ID_TABLE → ofIdTable, ACPI_ID_TABLE → acpiIdTable). `isRegistered`
// bookkeeping, `exit` and the registration variables go. Anything else in
// init, a class that still has remove(), or a class used anywhere else is
// left for a person.
import { type AnalysisView, type DriverDescriptor, type TS, propertyName, skipOuter } from '@drvlint/core';
import { specifierRemoval } from './core-internal.js';
import { isFrom } from './shared/imports.js';
import { isLegacyNamed } from './shared/legacy.js';
import { indentOf } from './shared/text.js';
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
  if (!init || !initFn?.body || !ts.isBlock(initFn.body)) {
    cx.leave(call, 'init is not a method or function with a block body');
    return;
  }
  const order = registrations(cx, initFn);
  if (!order) return;
  if (exit) {
    const exitFn = functionOfProperty(ts, exit);
    if (!exitFn?.body || !ts.isBlock(exitFn.body)) {
      cx.leave(exit, 'exit is not a method or function with a block body');
      return;
    }
    const odd = exitFn.body.statements.find((s) => !isUnregistration(ts, s));
    if (odd) {
      cx.leave(odd, 'exit does more than unregister drivers: migrate it by hand');
      return;
    }
  }
  const drivers: { d: DriverDescriptor; name: string }[] = [];
  for (const [cls, at] of order) {
    const d = analysis.drivers.descriptors.find((x) => x.classDriver === cls);
    const why = !d ? 'not a class driver drvlint recognises' : unmigratable(cx, d, cls);
    if (why || !d) {
      cx.leave(d ? cls : at, why ?? 'not a class driver');
      return;
    }
    drivers.push({ d, name: descriptorName(analysis, cls) });
  }
  const imports = cx.imports(file);
  for (const { d, name } of drivers) rewriteClass(cx, d, name, imports.use(d.bus));
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
  cx.edit(file, [{ start: callee.getStart(file), end: callee.end, text: imports.use('module') }]);
  cx.migrated(
    call,
    `${drivers.length} class driver${drivers.length > 1 ? 's' : ''} (${drivers.map((x) => x.name).join(', ')}) became static descriptors in module({ drivers })`,
  );
}

/** The classes init registers, in registration order; undefined (and reported) when init does anything else. */
function registrations(cx: TransformContext, init: TS.FunctionLikeDeclaration): [TS.ClassLikeDeclaration, TS.Node][] | undefined {
  const { analysis } = cx;
  const { ts, checker } = analysis;
  const vars = new Map<TS.Symbol, TS.ClassLikeDeclaration>();
  const order: [TS.ClassLikeDeclaration, TS.Node][] = [];
  const classOf = (newCall: TS.Expression): TS.ClassLikeDeclaration | undefined => {
    const c = skipOuter(ts, newCall);
    if (
      !ts.isCallExpression(c) ||
      !ts.isPropertyAccessExpression(c.expression) ||
      c.expression.name.text !== 'new' ||
      !isLegacyNamed(analysis, c.expression.expression, 'Registration')
    )
      return undefined;
    return analysis.drivers.descriptors.find((d) => d.call === c)?.classDriver;
  };
  const registered = (e: TS.Expression): TS.ClassLikeDeclaration | undefined => {
    const x = skipOuter(ts, e);
    if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression) || x.expression.name.text !== 'register') return undefined;
    const target = skipOuter(ts, x.expression.expression);
    if (ts.isIdentifier(target)) {
      const s = checker.getSymbolAtLocation(target);
      return s ? vars.get(s) : undefined;
    }
    return classOf(target);
  };
  for (const s of (init.body as TS.Block).statements) {
    if (
      ts.isVariableStatement(s) &&
      s.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && d.initializer && classOf(d.initializer))
    ) {
      for (const d of s.declarationList.declarations) {
        const sym = checker.getSymbolAtLocation(d.name);
        if (sym) vars.set(sym, classOf(d.initializer as TS.Expression) as TS.ClassLikeDeclaration);
      }
      continue;
    }
    const cls = ts.isExpressionStatement(s) ? registered(s.expression) : undefined;
    if (cls) {
      order.push([cls, s]);
      continue;
    }
    if (ts.isReturnStatement(s) && (!s.expression || onlyRegistrations(ts, checker, s.expression, vars))) continue;
    cx.leave(s, 'init does more than register drivers: a static module({ drivers }) cannot do this; migrate it by hand');
    return undefined;
  }
  if (order.length === 0) {
    cx.leave(init, 'init registers no driver');
    return undefined;
  }
  return order;
}

function onlyRegistrations(
  ts: AnalysisView['ts'],
  checker: TS.TypeChecker,
  e: TS.Expression,
  vars: ReadonlyMap<TS.Symbol, unknown>,
): boolean {
  const x = skipOuter(ts, e);
  if (ts.isIdentifier(x)) return vars.has(checker.getSymbolAtLocation(x) as TS.Symbol);
  if (ts.isArrayLiteralExpression(x)) return x.elements.every((el) => onlyRegistrations(ts, checker, el, vars));
  if (ts.isObjectLiteralExpression(x))
    return x.properties.every((p) =>
      ts.isShorthandPropertyAssignment(p)
        ? vars.has(checker.getShorthandAssignmentValueSymbol(p) as TS.Symbol)
        : ts.isPropertyAssignment(p) && onlyRegistrations(ts, checker, p.initializer, vars),
    );
  return false;
}

/** `r.unregister()`, `r[Symbol.dispose]()`, `if (r.isRegistered) r.unregister()`: bookkeeping the static module makes needless. */
function isUnregistration(ts: AnalysisView['ts'], s: TS.Statement): boolean {
  if (ts.isIfStatement(s)) {
    const c = skipOuter(ts, s.expression);
    const checks = ts.isPropertyAccessExpression(c) && c.name.text === 'isRegistered';
    const body = ts.isBlock(s.thenStatement) ? s.thenStatement.statements : [s.thenStatement];
    return checks && !s.elseStatement && body.every((b) => isUnregistration(ts, b));
  }
  if (!ts.isExpressionStatement(s) || !ts.isCallExpression(s.expression)) return false;
  const callee = skipOuter(ts, s.expression.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text === 'unregister';
  return ts.isElementAccessExpression(callee) && callee.argumentExpression.getText() === 'Symbol.dispose';
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
  // Used anywhere but in its Registration.new: the class must stay.
  const sym = checker.getSymbolAtLocation(cls.name);
  for (const f of analysis.program.getSourceFiles()) {
    if (!analysis.isAnalysed(f)) continue;
    let elsewhere: TS.Node | undefined;
    const visit = (n: TS.Node): void => {
      if (elsewhere) return;
      if (
        ts.isIdentifier(n) &&
        n !== cls.name &&
        checker.getSymbolAtLocation(n) === sym &&
        !(ts.isCallExpression(n.parent) && n.parent === d.call)
      )
        elsewhere = n;
      ts.forEachChild(n, visit);
    };
    visit(f);
    if (elsewhere)
      return `class ${cls.name.text} is used elsewhere (${f.fileName.slice(f.fileName.lastIndexOf('/') + 1)}:${f.getLineAndCharacterOfPosition(elsewhere.getStart(f)).line + 1})`;
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
