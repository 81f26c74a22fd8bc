// RuleTester on vitest, with typed linting against a real project on disk
// (test/fixture), so that helpers in other files resolve.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

export const fixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture');

export function ruleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtureDir },
    },
  });
}

/** The imports most cases need, so a case's text can be the driver alone. */
export const header = `import { pci, platform, auxiliary, hrtimer, workqueue, irq, module, Devres, KernelError, errno, type Core, type Bound, type ARef } from '@drvlint/kernel';\n`;

/** A PCI driver module around a probe body (and optionally an unbind body). */
export function pciDriver(probe: string, opts: { self?: string; unbind?: string; asyncUnbind?: boolean; before?: string } = {}): string {
  return `${header}${opts.before ?? ''}
const driver = pci.driver({
  name: 'd',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),
  probe(pdev: pci.Device<Core>, info: number)${opts.self ? `: ${opts.self}` : ''} {
${probe}
  },${opts.unbind ? `\n  ${opts.asyncUnbind ? 'async ' : ''}unbind(pdev, self) {\n${opts.unbind}\n  },` : ''}
});
export default module({ name: 'd', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;
}

/** A legacy class driver registered by hand (`@drvlint/kernel/legacy`), with static members given as text. */
export function legacyDriver(members: string, opts: { before?: string } = {}): string {
  return `${header}import * as legacy from '@drvlint/kernel/legacy';\n${opts.before ?? ''}
class Drv {
  static readonly NAME = 'd';
  static readonly ID_TABLE = pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]);
${members}
}
export default legacy.module({ name: 'd', authors: [], description: '', license: 'GPL', init(m) {
  legacy.Registration.new(Drv).register(m);
} });
`;
}

/**
 * The expected errors of a case: one per line marked `// !` (or `// !!` for
 * two), in order, with the given message ids.
 */
export function marked<M extends string>(code: string, ...messageIds: M[]): { messageId: M; line: number }[] {
  const lines = markedLines(code);
  if (lines.length !== messageIds.length) throw new Error(`case has ${lines.length} marked errors but ${messageIds.length} message ids`);
  return lines.map((line, i) => ({ messageId: messageIds[i] as M, line }));
}

/** The line of each expected error: a line marked `// !!` is listed twice. */
export function markedLines(code: string): number[] {
  const lines: number[] = [];
  code.split('\n').forEach((l, i) => {
    const m = /\/\/ (!+)(?:\s|$)/.exec(l);
    for (let k = 0; m && k < (m[1]?.length ?? 0); k++) lines.push(i + 1);
  });
  return lines;
}

export function invalid<M extends string>(name: string, code: string, ...messageIds: M[]) {
  return { name, code, errors: marked(code, ...messageIds) };
}
