// Where the mutation operators may inject a fault, found in the clean
// drivers the way the rules find things: by type, through the shared
// Analysis. Positions are offsets into the clean text of `file`.
import type ts from 'typescript';
import type { AnalysisView, DriverDescriptor } from '@drvlint/core';

type TS = typeof ts;

export interface CallbackSite {
  readonly file: string;
  readonly bus: DriverDescriptor['bus'];
  readonly descriptor: DriverDescriptor;
  /** The device parameter's name. */
  readonly device: string;
  /** Offsets where a statement may be inserted: after `{` and after every statement that is not a return or throw. */
  readonly positions: readonly number[];
  readonly returns: readonly ts.ReturnStatement[];
}

export interface UnbindSite {
  readonly file: string;
  readonly descriptor: DriverDescriptor;
  /** Offset to insert statements at (the start of unbind's body), or where to add an unbind to the definition. */
  readonly at: number;
  readonly existing: boolean;
  /** The names to use for the device and Self parameters. */
  readonly device: string;
  readonly self: string;
  readonly selfDisposes: boolean;
  /** Fields of Self that hold a kernel `Devres`, by name. */
  readonly devresFields: readonly string[];
}

export interface TeardownSite {
  readonly file: string;
  readonly statement: ts.ExpressionStatement;
  readonly method: string;
}

export interface ConstructorSite {
  readonly file: string;
  readonly positions: readonly number[];
  /** A kernel device parameter, when the constructor takes one. */
  readonly device?: { readonly name: string; readonly bus: string };
}

export interface IdTableSite {
  readonly file: string;
  readonly call: ts.CallExpression;
  /** The bus namespace as written (`pci`), and the entries. */
  readonly bus: string;
  readonly array: ts.ArrayLiteralExpression;
}

export interface Sites {
  readonly probes: readonly CallbackSite[];
  readonly unbinds: readonly UnbindSite[];
  readonly teardowns: readonly TeardownSite[];
  readonly constructors: readonly ConstructorSite[];
  readonly idTables: readonly IdTableSite[];
}

function insertionPoints(ts: TS, body: ts.Block): number[] {
  const out = [body.getStart() + 1];
  for (const s of body.statements) if (!ts.isReturnStatement(s) && !ts.isThrowStatement(s)) out.push(s.end);
  return [...new Set(out)];
}

/** Sites in `files` (paths relative to `base`), from a program that holds them. */
export function findSites(ts: TS, analysis: AnalysisView, files: readonly { readonly rel: string; readonly sf: ts.SourceFile }[]): Sites {
  const checker = analysis.checker;
  const relOf = new Map(files.map((f) => [f.sf, f.rel]));
  const probes: CallbackSite[] = [];
  const unbinds: UnbindSite[] = [];
  for (const d of analysis.drivers.descriptors) {
    const file = relOf.get(d.call.getSourceFile());
    if (file === undefined) continue;
    const probe = d.probe;
    if (probe?.body && ts.isBlock(probe.body)) {
      const device = probe.parameters[0]?.name;
      if (device && ts.isIdentifier(device)) {
        const returns: ts.ReturnStatement[] = [];
        for (const s of probe.body.statements) if (ts.isReturnStatement(s) && s.expression) returns.push(s);
        probes.push({ file, bus: d.bus, descriptor: d, device: device.text, positions: insertionPoints(ts, probe.body), returns });
      }
    }
    const selfDisposes = d.self?.getProperties().some((p) => p.escapedName.toString().startsWith('__@dispose')) ?? false;
    const devresFields = (d.self?.getProperties() ?? [])
      .filter((p) => {
        const type = checker.getTypeOfSymbol(p).getSymbol();
        const decl = type?.declarations?.[0];
        return decl !== undefined && analysis.kernel?.isKernelFile(decl.getSourceFile().fileName) === true && type?.name === 'Devres';
      })
      .map((p) => p.name);
    const unbind = d.unbind;
    if (unbind?.body && ts.isBlock(unbind.body)) {
      const [dev, self] = unbind.parameters;
      if (dev && self && ts.isIdentifier(dev.name) && ts.isIdentifier(self.name)) {
        unbinds.push({
          file,
          descriptor: d,
          at: unbind.body.getStart() + 1,
          existing: true,
          device: dev.name.text,
          self: self.name.text,
          selfDisposes,
          devresFields,
        });
      }
    } else if (!unbind && d.definition) {
      unbinds.push({
        file,
        descriptor: d,
        at: d.definition.getEnd() - 1,
        existing: false,
        device: 'dev',
        self: 'self',
        selfDisposes,
        devresFields,
      });
    }
  }

  const teardowns: TeardownSite[] = [];
  const constructors: ConstructorSite[] = [];
  const idTables: IdTableSite[] = [];
  for (const { rel, sf } of files) {
    const visit = (n: ts.Node): void => {
      if (ts.isExpressionStatement(n) && ts.isCallExpression(n.expression) && ts.isPropertyAccessExpression(n.expression.expression)) {
        const callee = n.expression.expression;
        const methods = analysis.teardown.methodsOf(checker.getTypeAtLocation(callee.expression));
        if (methods.has(callee.name.text)) teardowns.push({ file: rel, statement: n, method: callee.name.text });
      }
      if (ts.isConstructorDeclaration(n) && n.body && n.body.statements.length > 0) {
        const device = n.parameters.map((p) => deviceParam(ts, analysis, p)).find((d) => d !== undefined);
        constructors.push({ file: rel, positions: insertionPoints(ts, n.body), ...(device ? { device } : {}) });
      }
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'idTable' &&
        ts.isIdentifier(n.expression.expression)
      ) {
        const arg = n.arguments[0];
        const decl = analysis.kernelCallee(n);
        if (decl && arg && ts.isArrayLiteralExpression(arg))
          idTables.push({ file: rel, call: n, bus: n.expression.expression.text, array: arg });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { probes, unbinds, teardowns, constructors, idTables };
}

/** `name: bus.Device<…>`, recognised by where the type is declared in the kernel package. */
function deviceParam(ts: TS, analysis: AnalysisView, p: ts.ParameterDeclaration): { name: string; bus: string } | undefined {
  if (!ts.isIdentifier(p.name)) return undefined;
  const decl = analysis.checker.getTypeAtLocation(p).getSymbol()?.declarations?.[0];
  const file = decl?.getSourceFile().fileName ?? '';
  const bus = /\/(pci|platform|auxiliary)\.(d\.)?ts$/.exec(file)?.[1];
  return bus !== undefined && analysis.kernel?.isKernelFile(file) ? { name: p.name.text, bus } : undefined;
}
