// The tools are code too (issue 13): the benchmarks, fault scripts, build and start scripts under
// tools/ are plain ES modules run by node, linted here and type-checked from their JSDoc by
// tools/tsconfig.json (`nx run tools:lint`, `nx run tools:typecheck`). eslint.config.mjs ignores
// every other *.mjs file.
import { createRequire } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's globals from the `globals` package that @nx/eslint-plugin itself uses for JS files,
// resolved from there (it is not a direct dependency of the workspace).
const globals = createRequire(import.meta.resolve('@nx/eslint-plugin'))('globals');

const files = ['tools/**/*.mjs'];

/** @type {import('eslint').Linter.Config[]} */
export default [
  { ...js.configs.recommended, files },
  // Its `eslint-recommended` part is for TypeScript files only (it turns no-undef off, which the
  // tools, most of them checked by tsc but not all, keep on): left to the files it names.
  ...tseslint.configs.recommended.map(
    (config) =>
      /** @type {import('eslint').Linter.Config} */ (
        'files' in config ? config : { ...config, files }
      ),
  ),
  {
    files,
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'prefer-const': 'error',
      'no-var': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
];
