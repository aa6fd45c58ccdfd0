// Lint, including the architecture's boundaries (../shared/ARCHITECTURE.md, "Boundaries"):
//  1. only electron/main.ts, electron/preload.ts and electron/desktop/** import `electron`;
//  2. renderer/** imports nothing from electron/** and no Node built-in;
//  3. shared/** is pure: no Node built-ins, no host or renderer code.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

const electronRule = {
  name: 'electron',
  message: 'Only electron/main.ts, electron/preload.ts and electron/desktop/** may import electron; services are plain Node.',
};
const nodeRule = (where) => ({
  paths: [electronRule, ...nodeBuiltins.map((name) => ({ name, message: `${where} must not use Node built-ins.` }))],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench-work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  // Boundary 1: electron is imported only by the desktop shell.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/desktop/**', 'renderer/**', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronRule] }] },
  },
  // Boundary 2: the renderer knows only shared/ and the browser.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...nodeRule('The renderer'), patterns: [{ group: ['**/electron/**', '**/electron'], message: 'The renderer talks to the host only through the typed contract in shared/.' }] },
      ],
    },
  },
  // Boundary 3: shared/ is pure.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...nodeRule('shared/'), patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'shared/ holds pure code: no host or renderer imports.' }] },
      ],
    },
  },
  // The host never reaches into the renderer.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/desktop/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronRule], patterns: [{ group: ['**/renderer/**'], message: 'The host does not import renderer code.' }] }],
    },
  },
);
