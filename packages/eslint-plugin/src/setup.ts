// drvlint/setup: what keeps drvlint from seeing a program, once per program,
// under an id of its own rather than under whichever rule ran first: an
// import of @drvlint/kernel that does not resolve, a missing standard
// library, only entry points of the kernel imported, or a body too large for
// TypeScript's flow analysis. A program that imports the kernel nowhere (a
// tsconfig for tools or scripts next to the drivers) is none of drvlint's
// business in ESLint, which lints every program of a repository: it stays
// quiet. The CLI, pointed at such a program, still says it checked nothing.
import { Analysis } from '@drvlint/core';
import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { ts } from './typescript.js';

const createRule = ESLintUtils.RuleCreator<{ recommended?: boolean; requiresTypeChecking: boolean }>(
  () => 'https://github.com/drvlint/drvlint#eslint',
);

/** Programs already told: one message per program, not per file. */
const told = new WeakSet();

export const setup = createRule({
  name: 'setup',
  meta: {
    type: 'problem',
    docs: {
      description:
        'drvlint can see the kernel API in every program that imports it: the import resolves, and the standard library is there.',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: { blind: 'drvlint: {{message}}.' },
    schema: [],
  },
  defaultOptions: [] as [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    return {
      Program(node: TSESTree.Program) {
        const file = services.esTreeNodeToTSNodeMap.get(node);
        const blind = Analysis.for(ts, services.program).blindness;
        if (!blind || blind.kind === 'no-kernel-import' || told.has(services.program)) return;
        // At the unresolved import when there is one (whatever order ESLint lints in), else on the first file.
        if (blind.at && blind.at.file !== file) return;
        told.add(services.program);
        const lc = (pos: number) => file.getLineAndCharacterOfPosition(pos);
        const where = blind.at;
        context.report({
          loc: where
            ? {
                start: { line: lc(where.start).line + 1, column: lc(where.start).character },
                end: { line: lc(where.end).line + 1, column: lc(where.end).character },
              }
            : { line: 1, column: 0 },
          messageId: 'blind',
          data: { message: blind.message },
        });
      },
    };
  },
});
