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
          // Composition files wire every module together, so they may import modules' own files.
          compositionFiles: ['apps/api/src/modules/events.ts', 'apps/api/src/modules/index.ts'],
          // The event registry every module subscribes through (it imports only *.events.ts files).
          sharedModuleFiles: ['apps/api/src/modules/events.ts'],
          // A foreign key names the other module's table; the database keeps that rule, no code runs.
          allowTablesToReferenceTables: true,
          // Known debt (docs/decisions/0009-module-boundaries.md): repositories that join another
          // module's table for a name. Each goes when that module's index.ts offers the lookup.
          knownEdges: [
            ...['access/access', 'audit/audit', 'notes/note', 'tasks/task'].map((file) => ({
              from: `apps/api/src/modules/${file}.repository.ts`,
              to: 'apps/api/src/modules/identity/identity.tables.ts',
              reason: 'joins users for the names it shows',
            })),
            {
              from: 'apps/api/src/modules/api-keys/api-key.repository.ts',
              to: 'apps/api/src/modules/access/access.tables.ts',
              reason: "joins roles for the key's role name",
            },
          ],
        },
      ],
    },
  },
);
