import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'rules/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Type-checking corpora with the real compiler takes a few seconds a file.
    testTimeout: 60_000,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    hookTimeout: 60_000,
  },
});
