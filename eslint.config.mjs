// drvlint's own code, held to typescript-eslint's strict type-checked rules
// where it ships, and to the recommended ones in tests and scripts. Driver
// fixtures are left out: many are faulty on purpose.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

const SHIPPED = ['packages/*/src/**/*.ts', 'rules/**/*.ts', 'migrations/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'fixtures/**',
      'test/fixtures/**',
      'rules/test/fixture/**',
      'test/.tmp-*/**',
      'scratch/**',
      'coverage/**',
      '.vitest/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  {
    files: SHIPPED,
    ignores: ['rules/test/**'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The compiler's AST types say what the parser makes of valid code (`parent` always set, no missing
      // operands); a linter reads any code, so checks the types call unnecessary are the ones that keep it up.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@typescript-eslint/no-invalid-void-type': ['error', { allowAsThisParameter: true }],
      // The compiler is a parameter (ts-morph's copy, the editor's, the project's): its enums are typed from
      // another declaration than the one a value is compared with, though they are the same numbers.
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // The kernel implements, and migrate and no-legacy-api read, the legacy API that its own declarations
    // deprecate; the kernel's views are made without their class's constructor, on purpose (see device.ts).
    files: ['packages/kernel/src/**/*.ts', 'migrations/**/*.ts', 'rules/**/*.ts'],
    rules: { '@typescript-eslint/no-deprecated': 'off', '@typescript-eslint/no-unsafe-class-instance-assignment': 'off' },
  },
  {
    // The kernel API is a contract that outside drivers are written against: `drvdata<T>()` keeps its type parameter.
    files: ['packages/kernel/src/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-parameters': 'off' },
  },
  {
    // typescript-eslint's RuleCreator still reads the rule's top-level `defaultOptions`, which ESLint's types deprecate.
    files: ['packages/eslint-plugin/src/**/*.ts'],
    rules: { '@typescript-eslint/no-deprecated': 'off' },
  },
  {
    files: ['test/**/*.ts', 'rules/test/**/*.ts', 'packages/*/test/**/*.ts', 'vitest.config.ts'],
    extends: [tseslint.configs.recommended],
  },
  {
    files: [
      'scripts/**/*.mjs',
      'examples/*/scripts/**/*.mjs',
      'packages/*/scripts/**/*.mjs',
      'packages/*/bin/**/*.js',
      'eslint.config.mjs',
    ],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
      },
    },
  },
  prettier,
);
