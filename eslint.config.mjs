// Lint rules that catch what strict TypeScript does not: promises nobody awaits, and Node or I/O
// modules in workflow code (which must stay deterministic and run in Temporal's sandbox).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'coverage/**', 'console/src/api-types.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Tests use `any` for parsed JSON bodies; production code does not.
    files: ['api/**/*.ts', 'domain/**/*.ts', 'workflows/**/*.ts', 'activities/**/*.ts', 'db/**/*.ts', 'auth/**/*.ts', 'worker/**/*.ts', 'cli/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['workflows/**/*.ts', 'domain/campaign.ts', 'domain/calendar.ts', 'domain/templates.ts', 'domain/schedule.ts', 'domain/time-format.ts', 'domain/recusal.ts', 'domain/access.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os'], message: 'Workflow code (and the domain modules it imports) must not use Node built-ins.' },
            { group: ['pg', 'pino', '**/db/**', '**/activities/*.activities', '@temporalio/client', '@temporalio/worker'], message: 'Workflow code must not do I/O; call an activity.' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { console: 'readonly', process: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' } } },
);
