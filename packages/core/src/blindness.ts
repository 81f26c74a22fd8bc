// Never silently clean: when drvlint cannot see the kernel API in a
// program, every front end says so instead of reporting nothing. A checker
// that passes without having looked is worse than none.
import { KERNEL_MODULE } from './kernel-model.js';
import type { TS, TypeScript } from './ts.js';

export interface Blindness {
  readonly kind: 'no-kernel' | 'unresolved';
  /** One sentence, for a CLI line, an ESLint message and an editor diagnostic. */
  readonly message: string;
  /** Where it shows, when there is a place: the unresolved import. */
  readonly at?: { readonly file: TS.SourceFile; readonly start: number; readonly end: number };
}

/** Why drvlint cannot check `program`, or undefined when it can. */
export function blindnessOf(ts: TypeScript, program: TS.Program, own: readonly TS.SourceFile[], hasKernel: boolean): Blindness | undefined {
  const checker = program.getTypeChecker();
  let imports = 0;
  for (const sf of own) {
    for (const st of sf.statements) {
      const spec = ts.isImportDeclaration(st) || ts.isExportDeclaration(st) ? st.moduleSpecifier : undefined;
      if (!spec || !ts.isStringLiteral(spec) || (spec.text !== KERNEL_MODULE && !spec.text.startsWith(`${KERNEL_MODULE}/`))) continue;
      imports++;
      if (checker.getSymbolAtLocation(spec)) continue;
      return {
        kind: 'unresolved',
        message: `'${spec.text}' does not resolve (tsc reports TS2307), so drvlint cannot see the kernel API and checked nothing that uses it: install @drvlint/kernel in this project`,
        at: { file: sf, start: spec.getStart(sf), end: spec.end },
      };
    }
  }
  if (hasKernel) return undefined;
  return {
    kind: 'no-kernel',
    message:
      imports === 0
        ? `no file of this program imports @drvlint/kernel, so drvlint checked nothing: point it at the driver project's tsconfig (${own.length} file${own.length === 1 ? '' : 's'} seen)`
        : '@drvlint/kernel resolves, but not to the kernel API drvlint knows (no Device with a context), so drvlint checked nothing',
  };
}
