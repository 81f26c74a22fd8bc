// Imported first, before typescript-eslint: with only TypeScript 7 installed,
// loading the plugin stops with one line saying what to install, instead of
// a parser crash further in.
import { createRequire } from 'node:module';
import { typescript7Advice } from '@drvlint/core';

const ts = createRequire(import.meta.url)('typescript') as { version?: string; createProgram?: unknown };
if (typeof ts.createProgram !== 'function') throw new Error(`drvlint: ${typescript7Advice(ts.version ?? 'unknown')}`);
