// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electron = ['electron', 'electron/*'];

/**
 * Layering by runtime (design.md): shared imports no runtime, core and cli never import
 * electron, the renderer reaches the engine only through window.api, and only main and
 * preload touch electron.
 */
const layer = (files, paths, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: patterns.map((group) => ({ group: [group], message })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'docs/**', 'bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The engine is all async I/O: a forgotten promise is a lost reading or an unhandled rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    files: [
      'src/shared/**',
      'src/core/**',
      'src/cli/**',
      'src/main/**',
      'src/preload/**',
      'test/**',
      'scripts/**',
      'bench/**',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ['src/shared/**'],
    [...nodeBuiltins, ...electron, 'better-sqlite3', 'keytar', 'react', 'react-dom'],
    ['**/core/**', '**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
    'src/shared is pure TypeScript used by every process: no runtime imports',
  ),
  layer(
    ['src/core/**', 'src/cli/**'],
    [...electron],
    ['electron/*', '**/main/**', '**/renderer/**', '**/preload/**'],
    'core and cli run in plain Node: never import electron, main, preload or the renderer',
  ),
  layer(
    ['src/renderer/**'],
    [...nodeBuiltins, ...electron, 'better-sqlite3', 'keytar'],
    ['**/core/**', '**/main/**', '**/preload/**', '**/cli/**'],
    'the renderer is a web page: it reaches the engine only through window.api',
  ),
  layer(
    ['src/preload/**'],
    [...nodeBuiltins, 'better-sqlite3', 'keytar', 'zod'],
    ['**/core/**', '**/main/**', '**/renderer/**', '**/cli/**'],
    'preload only bridges the typed api: electron and src/shared/channels only',
  ),
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  // Layout is prettier's (npm run format); eslint keeps to what prettier does not decide.
  prettier,
);
