// The one place the CLI hands ts-morph's bundled compiler to the analysis.
// ts-morph 28 ships TypeScript 6.0.2; the workspace's typings are 6.0.3.
// The API the analysis uses is the same in both, but the typings carry
// private brands that make them nominally distinct, so the handover is a
// cast, made here and nowhere else.
import type { TS, TypeScript } from '@drvlint/core';
import type { ts as MorphTs } from 'ts-morph';
import { ts as morphTs } from './morph.js';

export const ts = morphTs as unknown as TypeScript;

export function asCoreProgram(p: MorphTs.Program): TS.Program {
  return p;
}
