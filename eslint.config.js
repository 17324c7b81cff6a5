import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';


export default tseslint.config(
  { ignores: ['dist', 'dist-lib', 'dist-harness', 'node_modules', 'public/mockServiceWorker.js', 'test-results', 'playwright-report', '.bench', '.tmp'] },
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
      'no-restricted-imports': 'off',
    },
  },
  // Playwright fixtures call `use`, which is not React's hook.
  { files: ['e2e/**', 'integration/**', 'scripts/**', 'server/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  // Import direction (STYLE.md §A): lib and ui know nothing of sources, tiles or app.
  {
    files: ['src/lib/**', 'src/components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@/sources/*', '@/tiles/*', '@/app/*', '@/views/*', '@mocks/*'], message: 'lib/ and components/ must not import features (STYLE.md §A).' },
      ] }],
    },
  },
  // Tiles and views use sources only through their public files.
  {
    files: ['src/tiles/**', 'src/views/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@/sources/capture-spine/*', '@/sources/loki/*', '@/sources/elasticsearch/*'], message: 'Tiles never import adapter internals; use sources-context.' },
        { group: ['@/app/*', '@mocks/*'], message: 'Tiles do not import the app or the mocks.' },
      ] }],
    },
  },
  // Adapters never import each other, tiles or the app.
  {
    files: ['src/sources/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@/tiles/*', '@/app/*', '@/views/*', '@mocks/*'], message: 'Adapters import lib/ and sources/*.ts only.' },
      ] }],
    },
  },
  {
    files: ['src/sources/capture-spine/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/sources/loki/*', '@/sources/elasticsearch/*', '@/tiles/*', '@/app/*', '@mocks/*'], message: 'Adapters never import each other.' }] }] },
  },
  {
    files: ['src/sources/loki/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/sources/capture-spine/*', '@/sources/elasticsearch/*', '@/tiles/*', '@/app/*', '@mocks/*'], message: 'Adapters never import each other.' }] }] },
  },
  {
    files: ['src/sources/elasticsearch/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/sources/capture-spine/*', '@/sources/loki/*', '@/tiles/*', '@/app/*', '@mocks/*'], message: 'Adapters never import each other.' }] }] },
  },
  // Schemas take `z` from src/lib/zod.ts, which sets jitless before any schema is built (strict CSP).
  {
    files: ['src/**/*.{ts,tsx}', 'mocks/**/*.ts'],
    ignores: ['src/lib/zod.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='zod'][importKind!='type']", message: "Import z from '@/lib/zod' (it turns zod's eval off before any schema is built: strict CSP)." }],
    },
  },
);
