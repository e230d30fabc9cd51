// ESLint flat config: the recommended JavaScript and typescript-eslint rules, plus the few conventions
// this code base already follows everywhere (type-only imports marked inline, `===`, `_` for ignored names).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated code, build output, dependencies and what tests and benchmarks leave behind.
    ignores: ['web/api-types.ts', 'dist/', 'node_modules/', '.data/', '.test-data/', 'coverage/', 'test-artifacts/', 'bench/results/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Input validators reject control characters on purpose; the rule would flag exactly those patterns.
      'no-control-regex': 'off',
      // verbatimModuleSyntax keeps every import that is not marked `type`, so a type-only import left unmarked
      // is a runtime import; the code marks them inline (`import { x, type Y }`).
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The browser bundle runs in the page, not in Node.
    files: ['web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Command-line programs, build scripts and benchmarks talk to the terminal; tests print why they skip.
    // The service itself logs through pino only.
    files: ['cli/**', 'bin/**', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Assertions on column-aligned CLI output spell the columns' spaces as printed.
    // Black-box tests read JSON bodies of the API as it answers them; typing each body would restate the
    // response schemas that the compile-time view checks already tie to the code.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
