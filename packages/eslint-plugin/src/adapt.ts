// One rule definition becomes one typescript-eslint rule. The adapter maps
// the ESLint Program node to its TypeScript source file through the parser
// services and hands the program (and the `ts` module typescript-eslint
// uses) to the shared analysis; findings come back in TS positions.
import {
  Analysis,
  type Finding,
  INTERNAL_ERROR_MESSAGE,
  INTERNAL_ERROR_MESSAGE_ID,
  type RuleDefinition,
  type TextEdit,
} from '@drvlint/core';
import { ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as TypeScript from 'typescript';
import { analysisFor } from './scope.js';
import { ts } from './typescript.js';

const createRule = ESLintUtils.RuleCreator<{ recommended?: boolean; requiresTypeChecking: boolean }>(
  (name) => `https://github.com/drvlint/drvlint/blob/main/rules/${name}.md`,
);

export type EslintRule = TSESLint.RuleModule<string, readonly unknown[], { recommended?: boolean; requiresTypeChecking: boolean }>;

export function toEslintRule(def: RuleDefinition): EslintRule {
  const { meta } = def;
  return createRule<readonly unknown[], string>({
    name: meta.id,
    meta: {
      type: meta.type,
      docs: { description: meta.description, recommended: meta.presets.recommended !== 'off', requiresTypeChecking: true },
      messages: { ...meta.messages, [INTERNAL_ERROR_MESSAGE_ID]: INTERNAL_ERROR_MESSAGE },
      schema: meta.schema as never,
      ...(meta.fixable ? { fixable: meta.fixable } : {}),
      ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    defaultOptions: meta.defaultOptions,
    create(context, options) {
      const services = ESLintUtils.getParserServices(context);
      return {
        Program(node: TSESTree.Program) {
          const file = services.esTreeNodeToTSNodeMap.get(node);
          const analysis = Analysis.for(ts, services.program);
          const scoped = analysisFor(ts, services.program, file);
          for (const f of scoped.unsuppressed(file, def, options, 'drvlint-only')) report(context, file, analysis.proven(f));
        },
      };
    },
  });
}

function report(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, file: TypeScript.SourceFile, f: Finding): void {
  const loc = (pos: number): TSESTree.Position => {
    const lc = file.getLineAndCharacterOfPosition(pos);
    return { line: lc.line + 1, column: lc.character };
  };
  const toFix = (edits: readonly TextEdit[]) => (fixer: TSESLint.RuleFixer) =>
    edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text));
  context.report({
    loc: { start: loc(f.start), end: loc(f.end) },
    messageId: f.messageId,
    data: f.data,
    ...(f.fix ? { fix: toFix(f.fix) } : {}),
    ...(f.suggestions ? { suggest: f.suggestions.map((s) => ({ messageId: s.messageId, data: s.data, fix: toFix(s.fix) })) } : {}),
  });
}
