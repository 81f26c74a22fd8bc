// drvlint/directives: the problems of drvlint-disable comments (an unknown
// rule, no reason, nothing silenced), reported as the CLI reports them under
// the same id. ESLint cannot show a rule what other rules are configured, so a
// directive counts as used when it silences a finding of any rule the
// recommended preset turns on, with its default options.
import { Analysis, directiveProblems } from '@drvlint/core';
import { rules, ruleIds } from '@drvlint/rules';
import { ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { analysisFor } from './scope.js';
import { ts } from './typescript.js';

const createRule = ESLintUtils.RuleCreator<{ recommended?: boolean; requiresTypeChecking: boolean }>(
  () => 'https://github.com/drvlint/drvlint#configuration',
);

const enabled = ruleIds
  .filter((id) => rules[id].meta.presets.recommended !== 'off')
  .map((id) => ({ definition: rules[id], options: rules[id].meta.defaultOptions as readonly unknown[] }));

type Options = [{ requireReason?: boolean; reportUnused?: boolean }];

export const directives = createRule<Options, 'problem'>({
  name: 'directives',
  meta: {
    type: 'problem',
    docs: {
      description: 'drvlint-disable comments name existing rules, give a reason, and silence something.',
      recommended: true,
      requiresTypeChecking: true,
    },
    messages: { problem: '{{message}}' },
    schema: [
      {
        type: 'object',
        properties: {
          requireReason: { type: 'boolean', description: 'A disable comment must give a reason after `--` (default true).' },
          reportUnused: { type: 'boolean', description: 'Report disable comments that silence nothing (default true).' },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    const services = ESLintUtils.getParserServices(context);
    return {
      Program(node: TSESTree.Program) {
        const file = services.esTreeNodeToTSNodeMap.get(node);
        const analysis = Analysis.for(ts, services.program);
        const found = analysis.directivesOf(file);
        if (found.length === 0 || !analysis.kernel || !analysis.isAnalysed(file)) return;
        const problems = directiveProblems(
          found,
          analysisFor(ts, services.program, file).usedDirectives(file, enabled),
          (id) => Object.prototype.hasOwnProperty.call(rules, id),
          {
            requireReason: options.requireReason ?? true,
            reportUnused: options.reportUnused ?? true,
          },
        );
        const loc = (pos: number): TSESTree.Position => {
          const lc = file.getLineAndCharacterOfPosition(pos);
          return { line: lc.line + 1, column: lc.character };
        };
        for (const p of problems)
          context.report({ loc: { start: loc(p.start), end: loc(p.end) }, messageId: 'problem', data: { message: p.message } });
      },
    };
  },
}) as unknown as TSESLint.RuleModule<string, readonly unknown[], { recommended?: boolean; requiresTypeChecking: boolean }>;
