import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import moduleBoundaries from './eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', 'test-output', 'apps/web/dist', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // docs/decisions/0009-module-boundaries.md: platform < modules < use cases < composition.
    files: ['apps/api/src/**/*.ts'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: {
      'module-boundaries/module-boundaries': [
        'error',
        {
          modulesDir: 'apps/api/src/modules',
          platformDir: 'apps/api/src/platform',
          useCasesDir: 'apps/api/src/use-cases',
          // A foreign key names the other module's table; the database keeps that rule, no code runs.
          allowTablesToReferenceTables: true,
        },
      ],
    },
  },
);
