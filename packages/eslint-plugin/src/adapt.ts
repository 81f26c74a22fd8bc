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
  groupView,
} from '@drvlint/core';
import { ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as TypeScript from 'typescript';
import { ts } from './typescript.js';

const createRule = ESLintUtils.RuleCreator<{ recommended?: boolean; requiresTypeChecking: boolean }>(
  (name) => `https://github.com/drvlint/drvlint/blob/main/rules/${name}.md`,
);

/** The files linted on each program so far: views pay off only for a program that serves a few of its files. */
const lintedFiles = new WeakMap<object, Set<string>>();
/** A program is analysed whole once it has served 1/VIEW_SHARE of its files (see below). */
const VIEW_SHARE = 4;

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
          // The file's findings depend only on its dependency set (itself, what imports it, what they import), so a file can
          // be analysed in a view of that set or in the whole program, with the same findings. The whole-program analysis
          // costs the program's size once; a view costs about its set. How many files a program will serve is not known:
          // one program serves a whole run, but under --fix each fix makes a new program that serves only the files linted
          // until the next fix, and an editor's serves one. So, as in renting before buying: views for the first quarter of
          // the program's files, then the whole-program analysis for the rest (the checker's answers are shared by both).
          const linted = lintedFiles.get(services.program) ?? new Set<string>();
          lintedFiles.set(services.program, linted.add(file.fileName));
          const inView = analysis.isAnalysed(file) && linted.size <= Math.max(1, analysis.ownFileCount / VIEW_SHARE);
          const scoped = inView ? Analysis.for(ts, groupView(services.program, analysis.components.of(file.fileName))) : analysis;
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
