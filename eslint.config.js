import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layerConfigs } from './eslint.layers.js';


export default tseslint.config(
  { ignores: ['dist', 'dist-lib', 'dist-harness', 'node_modules', 'public/mockServiceWorker.js', 'test-results', 'playwright-report', '.bench', '.tmp', 'scripts/lint-probes'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Playwright fixtures call `use`, which is not React's hook.
  { files: ['e2e/**', 'integration/**', 'scripts/**', 'server/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  // Import direction (STYLE.md §A, README "Layers"): zones on resolved paths and no cycles.
  ...layerConfigs,
  // Schemas take `z` from src/lib/zod.ts, which sets jitless before any schema is built (strict CSP).
  {
    files: ['src/**/*.{ts,tsx}', 'mocks/**/*.ts'],
    ignores: ['src/lib/zod.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='zod'][importKind!='type']", message: "Import z from '@/lib/zod' (it turns zod's eval off before any schema is built: strict CSP)." }],
    },
  },
);
