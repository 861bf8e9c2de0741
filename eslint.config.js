// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const hostModules = ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'lightweight-charts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'release/', '.vite/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // The dependency direction: core/ runs in vitest, a worker, Electron's main side and the headless server
    // unchanged, so it may not reach the desktop shell, the UI, or the DOM.
    files: ['core/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: hostModules.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'core/ must not depend on a UI or desktop host.' })),
        patterns: [
          { group: hostModules.filter((m) => m.includes('*')), message: 'core/ must not depend on a UI or desktop host.' },
          { group: ['**/electron/**', '**/renderer/**', '**/test/**', '**/bench/**'], message: 'core/ imports nothing of ours outside core/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    // The renderer sees the engine only through the contract's types and window.desk.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'node:*', 'better-sqlite3', '**/electron/**'], message: 'The renderer has no Node and no Electron: use window.desk.' },
          // A regex: gitignore-style groups cannot re-include core/contract once core/** is excluded.
          { regex: '(^|/)core/(?!contract/)', message: 'The renderer may import only core/contract (types).' },
        ],
      }],
    },
  },
  {
    files: ['*.config.ts', '*.config.mts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
