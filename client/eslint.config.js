import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'e2e-results'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
    plugins: {
      'react-hooks': reactHooks,
      'react-refresh': reactRefresh,
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
    },
  },
  {
    // A feature must not import another feature: shared code lives in src/lib, src/components and src/i18n.
    files: ['src/features/*/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./\\.\\./(?!\\.\\.)', message: 'A feature must not import another feature.' },
            { regex: '(^|/)features/', message: 'A feature must not import another feature.' },
          ],
        },
      ],
    },
  },
  {
    // A hook or an endpoint file never imports a component: shared helpers and types live in hooks/, api/ or src/lib.
    // (The feature rule is repeated: a later block's options replace an earlier block's for the same rule.)
    files: ['src/features/*/hooks/**/*.{ts,tsx}', 'src/features/*/api/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./\\.\\./(?!\\.\\.)', message: 'A feature must not import another feature.' },
            { regex: '(^|/)features/', message: 'A feature must not import another feature.' },
            { regex: '(^|/)components/', message: 'A hook or an endpoint must not import from a component file.' },
          ],
        },
      ],
    },
  },
  {
    files: ['*.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Playwright specs run in Node; Playwright's fixtures call `use()`, which is not React's `use` hook.
    files: ['e2e/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'react-hooks/rules-of-hooks': 'off',
      'react-refresh/only-export-components': 'off',
    },
  },
);
