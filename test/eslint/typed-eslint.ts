// ESLint as a driver project runs it: drvlint's recommended preset, then any
// further configs, on the typed parser over the project's tsconfig. Loaded
// on first use, so a test file that builds one pays for ESLint only then.
import type { ESLint, Linter } from 'eslint';

export async function typedEslint(dir: string, ...configs: Linter.Config[]): Promise<ESLint> {
  const { ESLint } = await import('eslint');
  const plugin = (await import('eslint-plugin-drvlint')).default;
  return new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.recommended,
      ...configs,
      { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } } },
    ],
  });
}
