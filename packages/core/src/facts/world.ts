// Where a write lands. "The rest of the world" is storage that outlives a
// binding: module-level bindings and what they reach, globals, static
// members. Locals, parameters and instance fields are not.
import { possibleSignatures } from '../calls/possible-signatures.js';
import { isPlatformDeclaration, librarySymbolOf } from '../calls/library.js';
import { symbolAt } from '../model/kernel-model.js';
import { assignedValues } from './origin.js';
import { declarationOfBinding, enclosingFunction, isModuleScope, skipOuter } from '../syntax/syntax.js';
import type { TS, TypeScript } from '../ts.js';

export interface WorldTarget {
  readonly kind: 'module' | 'global' | 'static';
  /** How a message names it: "module-level `cache`", "`globalThis.last`", … */
  readonly description: string;
  readonly declaration: TS.Node | undefined;
}

const GLOBAL_NAMES = new Set(['globalThis', 'global', 'window', 'self']);
const MAX_ALIAS_DEPTH = 4;

export class World {
  readonly #global: TS.Symbol | undefined;

  constructor(
    readonly ts: TypeScript,
    readonly checker: TS.TypeChecker,
  ) {
    this.#global = checker.resolveName('globalThis', undefined, ts.SymbolFlags.Value, false);
  }

  /**
   * The world storage that writing through `target` (an assignment's left
   * side, or a container receiver) reaches; undefined for local storage.
   */
  targetOf(target: TS.Expression, depth = 0, asReceiver = false): WorldTarget | undefined {
    const ts = this.ts;
    let e = skipOuter(ts, target);
    const path: string[] = [];
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      path.unshift(ts.isPropertyAccessExpression(e) ? e.name.text : '[…]');
      e = skipOuter(ts, e.expression);
    }
    const shown = (root: string): string => [root, ...path].join('.').replace(/\.\[…\]/g, '[…]');
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const fn = enclosingFunction(ts, e);
      const cls = fn?.parent;
      const isStatic = fn && ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      if (isStatic && cls && ts.isClassLike(cls) && path.length > 0) {
        return { kind: 'static', description: `static member \`${shown(cls.name?.text ?? 'class')}\``, declaration: cls };
      }
      return undefined;
    }
    if (ts.isCallExpression(e) && depth < MAX_ALIAS_DEPTH) return this.#returnedWorld(e, path, depth);
    if (!ts.isIdentifier(e)) return undefined;
    const symbol = symbolAt(this.checker, ts, e);
    if (!symbol) return undefined;
    if (symbol === this.#global || (GLOBAL_NAMES.has(e.text) && isAmbientGlobal(ts, symbol))) {
      return path.length > 0 || asReceiver ? { kind: 'global', description: `\`${shown(e.text)}\``, declaration: undefined } : undefined;
    }
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl) return undefined;
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) {
      return path.length > 0 ? { kind: 'static', description: `static member \`${shown(e.text)}\``, declaration: decl } : undefined;
    }
    // A name destructured from a declaration is one of its variables: `const { items } = registry` at module level is
    // module-level storage, and in a function an alias of what `registry` is.
    const variable = declarationOfBinding(ts, decl);
    if (variable) {
      if (isModuleScope(ts, variable)) {
        const where = decl.getSourceFile() === target.getSourceFile() ? '' : ` (${relative(decl)})`;
        return { kind: 'module', description: `module-level \`${shown(e.text)}\`${where}`, declaration: decl };
      }
      // `const tracker = (() => { const seen = []; return { add: (x) => seen.push(x) }; })()`: a function run once as
      // the module loads keeps its variables as long as its closures live, which is as long as the module.
      if (runsAtModuleLoad(ts, variable)) {
        return {
          kind: 'module',
          description: `\`${shown(e.text)}\` (a variable of a function the module runs as it loads)`,
          declaration: decl,
        };
      }
      // A local alias of world storage is world storage: `const c = cache; c.set(…)`, and so is what is destructured from
      // it. A `let` may hold whatever is ever assigned to it: world storage if any of that is.
      if (depth >= MAX_ALIAS_DEPTH || (path.length === 0 && !asReceiver)) return undefined;
      for (const value of this.#valuesOf(variable, symbol)) {
        const found = this.targetOf(value, depth + 1, true);
        if (found) return found;
      }
      return undefined;
    }
    if (isAmbientGlobal(ts, symbol) && (path.length > 0 || asReceiver))
      return { kind: 'global', description: `\`${shown(e.text)}\``, declaration: undefined };
    return undefined;
  }

  /** What a local variable may hold: its initializer, and for a `let` or `var` every value assigned to it in its scope. */
  #valuesOf(variable: TS.VariableDeclaration, symbol: TS.Symbol): TS.Expression[] {
    const ts = this.ts;
    const out = variable.initializer ? [variable.initializer] : [];
    const list = variable.parent;
    if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) return out;
    return [...out, ...assignedValues(ts, this.checker, variable, symbol)];
  }

  /**
   * `getRegistry().push(x)` where `getRegistry` returns world storage, and
   * `byBus.get('pci')?.set(k, x)`: what library code hands back from world
   * storage (an element, an entry) is reached from it, so it is world storage.
   */
  #returnedWorld(call: TS.CallExpression, path: string[], depth: number): WorldTarget | undefined {
    const ts = this.ts;
    // The callee's possible declarations settle most calls without resolving them: none has a body (the kernel, a
    // third party), or all are the platform's. Only a call that may run a body here is resolved.
    const possible = (possibleSignatures(ts, this.checker, call) ?? []).map(
      (s) => s.getDeclaration() as TS.SignatureDeclaration | undefined,
    );
    const known = possible.length > 0 && possible.every((d) => d !== undefined);
    const platform = known && possible.every((d) => d !== undefined && isPlatformDeclaration(d));
    if (known && !platform && possible.every((d) => d !== undefined && !('body' in d && d.body))) return undefined;
    const decl = platform ? possible[0] : this.checker.getResolvedSignature(call)?.getDeclaration();
    if (decl && !('body' in decl && decl.body) && isPlatformDeclaration(decl)) {
      const callee = skipOuter(ts, call.expression);
      // `Promise.resolve(x)`, `Array.from(xs)`: a platform global is where library functions live, not storage.
      const base = ts.isPropertyAccessExpression(callee) ? skipOuter(ts, callee.expression) : undefined;
      const platform =
        base && ts.isIdentifier(base) && (this.checker.getSymbolAtLocation(base)?.declarations ?? []).some(isPlatformDeclaration);
      const from = base && !platform ? this.targetOf(base, depth + 1, true) : undefined;
      return from && { ...from, description: `${from.description} (through \`.${(callee as TS.PropertyAccessExpression).name.text}()\`)` };
    }
    if (!decl || !('body' in decl) || !decl.body) return undefined;
    let found: WorldTarget | undefined;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (ts.isReturnStatement(n) && n.expression) found = this.targetOf(n.expression, depth + 1);
      else if (!isFunctionLike(ts, n)) ts.forEachChild(n, visit);
    };
    const body = decl.body as TS.Node;
    if (ts.isBlock(body)) ts.forEachChild(body, visit);
    else found = this.targetOf(body as TS.Expression, depth + 1);
    if (!found) return undefined;
    return path.length === 0 ? found : { ...found, description: `${found.description} (through \`${call.expression.getText()}()\`)` };
  }

  /**
   * A global function such as `setTimeout`, declared by the platform's types:
   * by its name at the call, or by the declaration a renamed import or a
   * `const` alias stands for (`import { setInterval as every } from
   * 'node:timers'`, `const defer = queueMicrotask`).
   */
  isPlatformGlobal(callee: TS.Expression, names: ReadonlySet<string>): string | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, callee);
    if (ts.isIdentifier(e) && !names.has(e.text)) {
      const s = librarySymbolOf(ts, this.checker, e);
      return s && names.has(s.name) ? s.name : undefined;
    }
    let name: string | undefined;
    let root: TS.Expression = e;
    if (ts.isIdentifier(e)) name = e.text;
    else if (ts.isPropertyAccessExpression(e)) {
      name = e.name.text;
      root = e.expression;
      const base = skipOuter(ts, root);
      if (!ts.isIdentifier(base)) return undefined;
      // `globalThis.setTimeout`, `window.setTimeout`, `process.nextTick`
      if (!GLOBAL_NAMES.has(base.text) && !names.has(`${base.text}.${name}`)) return undefined;
      if (names.has(`${base.text}.${name}`)) name = `${base.text}.${name}`;
      root = base;
    } else return undefined;
    if (!names.has(name)) return undefined;
    const s = this.checker.getSymbolAtLocation(ts.isIdentifier(e) ? e : root);
    return s && isAmbientGlobal(ts, s) ? name : undefined;
  }
}

/** Whether `decl` is a variable of a function expression the module calls where it is written, as it loads (an IIFE). */
function runsAtModuleLoad(ts: TypeScript, decl: TS.Node): boolean {
  let fn = enclosingFunction(ts, decl);
  for (let depth = 0; fn && depth < MAX_ALIAS_DEPTH; depth++) {
    if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
    let callee: TS.Node = fn;
    while (callee.parent && ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
    const call = callee.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== callee) return false;
    fn = enclosingFunction(ts, call);
    if (!fn) return true;
  }
  return false;
}

function isFunctionLike(ts: TypeScript, n: TS.Node): boolean {
  return ts.isFunctionLike(n) || ts.isClassLike(n);
}

/** Declared by the platform (lib.*.d.ts, @types/node), not by the program's own code. */
function isAmbientGlobal(ts: TypeScript, symbol: TS.Symbol): boolean {
  return (
    (symbol.declarations ?? []).some((d) => {
      const f = d.getSourceFile();
      // `hasNoDefaultLib` is always false from TypeScript 6 on, and still what 5.8 sets on lib files.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      return (f.isDeclarationFile && f.hasNoDefaultLib) || isPlatformDeclaration(d);
    }) && !(symbol.flags & ts.SymbolFlags.Alias)
  );
}

function relative(decl: TS.Node): string {
  const f = decl.getSourceFile();
  const line = f.getLineAndCharacterOfPosition(decl.getStart()).line + 1;
  return `${f.fileName.slice(f.fileName.lastIndexOf('/') + 1)}:${line}`;
}

export function locationOf(n: TS.Node): string {
  return relative(n);
}
