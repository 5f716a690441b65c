import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'tests/e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'tests/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // The maths is pure: no DOM, no TensorFlow.js, no React.
    files: ['src/math/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'd3', 'd3-*', '@tensorflow/*', '../ui/*', '../*/ui/*'] },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
    },
  },
  {
    // Data readers and generators: plain TypeScript over bytes, no TensorFlow.js, no UI.
    files: ['src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'react',
            'react-dom',
            'd3',
            'd3-*',
            '@tensorflow/*',
            '../ui/*',
            '../../ui/*',
            '../nn/*',
            '../../nn/*',
            '../worker/*',
            '../../worker/*',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
    },
  },
  {
    // The compute layer runs in the worker and under Node: no DOM, no React, no UI, no D3.
    files: ['src/nn/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'd3', 'd3-*', '../ui/*', '../../ui/*', '../worker/*'] },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
    },
  },
  {
    // Node scripts; bench drivers also pass functions into the page (browser globals).
    files: [
      'scripts/**/*.{js,mjs,ts}',
      'bench/**/*.{js,mjs,ts}',
      'tests/browser/*.mjs',
      '*.config.{js,ts}',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
