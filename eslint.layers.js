/**
 * Import direction (STYLE.md §A, README "Layers"), checked on resolved paths: a relative import
 * (`../../sources/loki/client`) and an alias (`@/sources/loki/client`) are the same file here.
 *
 * Each zone says what a folder MAY import inside src/ (everything else in src/ is refused), and
 * what it may not import outside src/. The folder lists are read from the tree, so a new tile,
 * view or adapter folder is covered without touching this file.
 *
 * Test code (`*.test.ts(x)`, `*.test-helper.ts`, any `testing/` folder, sources/conformance/)
 * may also import src/testing/, mocks/ and adapter internals (tests build real clients against
 * the mocks), but still not another tile, another view, or tiles/views/app from domain logic.
 */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const ROOT = import.meta.dirname;

const entries = (rel) => readdirSync(path.join(ROOT, rel), { withFileTypes: true });
const dirs = (rel) => entries(rel).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const tsFiles = (rel) => entries(rel).filter((d) => d.isFile() && /\.tsx?$/.test(d.name)).map((d) => `${rel}/${d.name}`);
const rel = (p) => p.replace(/^src\//, '');

/** Test-only code: nothing else may import it. */
export const TEST_FILES = ['**/*.test.{ts,tsx}', '**/*.test-helper.ts', '**/testing/**', 'src/sources/conformance/**'];
const TEST_ONLY_FOLDERS = new Set(['conformance', 'testing']);

/** An adapter is a folder under src/sources/ with a public index.ts. */
const ADAPTERS = dirs('src/sources').filter((d) => !TEST_ONLY_FOLDERS.has(d) && existsSync(path.join(ROOT, 'src/sources', d, 'index.ts')));
/** sources/*.ts: shared types, errors, registry and context, the adapters' common ground and the public face. */
const SOURCES_PUBLIC = tsFiles('src/sources').map(rel);
const TILES = dirs('src/tiles').filter((d) => d !== 'tile-frame');
const TILE_FRAME = ['tiles/tile-frame', ...tsFiles('src/tiles').map(rel)];
const VIEWS = dirs('src/views');
const OUTSIDE = ['mocks', 'server', 'e2e', 'integration', 'scripts'];
/** server/ entries other than demo/ (demo mode answers the adapters with the mocks, in-process). */
const SERVER_BUT_DEMO = entries('server').filter((d) => d.name !== 'demo').map((d) => `server/${d.name}`);

const WHY = 'See README "Layers" (STYLE.md §A): move a shared piece down to lib/, components/ui/ or sources/*.ts.';

/** A zone: `target` may import, inside src/, only the `allowed` paths (relative to src/). */
function only(target, allowed, message) {
  return { target, from: 'src', except: [...new Set(allowed)].map((p) => `./${p}`), message: `${message} ${WHY}` };
}

/**
 * The zones for one kind of file: production code, test code, or src/main.tsx (the one file in
 * src/ that loads mocks/, through a dynamic import: the static kind is refused in eslint.config.js).
 */
export function layerZones({ test = false, main = false } = {}) {
  const testExtras = test ? ['testing', ...ADAPTERS.map((a) => `sources/${a}`)] : [];
  const appAllowed = [
    ...dirs('src').filter((d) => !TEST_ONLY_FOLDERS.has(d) && d !== 'sources'),
    ...tsFiles('src').map(rel),
    ...SOURCES_PUBLIC,
    ...ADAPTERS.map((a) => `sources/${a}`),
  ];
  const zones = [
    only('src/lib', ['lib', ...(test ? ['testing'] : [])], 'lib/ is app-agnostic: it imports only lib/.'),
    only('src/components', ['lib', 'components', ...(test ? ['testing'] : [])], 'components/ui imports only lib/ and components/.'),
    only(SOURCES_PUBLIC.map((f) => `src/${f}`), ['lib', ...SOURCES_PUBLIC, ...ADAPTERS.map((a) => `sources/${a}/index.ts`), ...testExtras], 'sources/*.ts import lib/, each other and the adapters\' index.ts only.'),
    ...ADAPTERS.map((a) =>
      only(`src/sources/${a}`, ['lib', ...SOURCES_PUBLIC, `sources/${a}`, ...(test ? ['testing'] : [])], `The ${a} adapter imports lib/ and sources/*.ts only: adapters never import each other.`),
    ),
    only('src/tiles/tile-frame', ['lib', 'components', ...SOURCES_PUBLIC, ...TILE_FRAME, ...testExtras], 'tile-frame imports lib/, components/ and sources/*.ts only.'),
    ...TILES.map((t) =>
      only(
        `src/tiles/${t}`,
        // The Errors tile is the errors feature's face on the dashboard: it reads issues through errors/ui.
        ['lib', 'components', ...SOURCES_PUBLIC, ...TILE_FRAME, `tiles/${t}`, ...(t === 'errors' ? ['errors/ui'] : []), ...testExtras],
        `A tile imports lib/, components/, tiles/tile-frame and sources/*.ts only: never another tile, an adapter's internals, alerting/ or a view.`,
      ),
    ),
    ...VIEWS.map((v) =>
      only(
        `src/views/${v}`,
        ['lib', 'components', ...SOURCES_PUBLIC, ...TILE_FRAME, ...TILES.map((t) => `tiles/${t}/index.ts`), 'alerting', 'errors', 'service', `views/${v}`, ...testExtras],
        'A view imports lib/, components/, sources/*.ts, tiles (index.ts), alerting/, errors/ and service/: never another view or an adapter\'s internals.',
      ),
    ),
    only('src/alerting', ['lib', 'components', ...SOURCES_PUBLIC, 'alerting', 'errors', 'service', ...testExtras], 'alerting/ is domain logic: lib/, components/, sources/*.ts, errors/ and service/ only (no tiles, views or app).'),
    only('src/errors', ['lib', 'components', ...SOURCES_PUBLIC, 'errors', 'service', ...testExtras], 'errors/ is domain logic: lib/, components/, sources/*.ts and service/ only (no alerting, tiles, views or app).'),
    // The console service's API contract, shared by the service and the UI's client.
    only('src/service', ['lib', ...SOURCES_PUBLIC, 'alerting', 'errors', 'service', ...testExtras], 'service/ (the console service API) imports lib/, sources/*.ts, alerting/ and errors/ only.'),
    only('src/styles', ['styles'], 'styles/ imports only styles/.'),
    only(['src/app', ...tsFiles('src')], [...appAllowed, ...(test ? ['testing'] : [])], 'app/ may import anything in src/ but test code.'),
    // src/testing/ and sources/conformance/ have no zone: only test code reaches them, and they may use anything.
    // Outside src/:
    { target: 'src', from: test || main ? OUTSIDE.filter((d) => d !== 'mocks') : OUTSIDE, message: `src/ never imports server/, e2e/, integration/ or scripts/, and mocks/ only from src/main.tsx (dynamically). ${WHY}` },
    ...(main ? [{ target: 'src/main.tsx', from: 'mocks', except: ['./browser.ts'], message: `src/main.tsx loads mocks/browser.ts only. ${WHY}` }] : []),
    only('mocks', ['lib', 'sources', 'errors', 'alerting', 'service', ...(test ? ['testing'] : [])], 'mocks/ import lib/, sources/ (adapters and their fixtures), errors/, alerting/ and service/ from src/: never app/, tiles/, views/ or components/.'),
    { target: 'mocks', from: OUTSIDE.filter((d) => d !== 'mocks'), message: `mocks/ never import server/, e2e/, integration/ or scripts/. ${WHY}` },
    only('server', ['lib', 'sources', 'errors', 'alerting', 'service'], 'server/ imports lib/, sources/ (adapters), errors/, alerting/ and service/ from src/: never the UI.'),
    { target: 'server', from: ['e2e', 'integration', 'scripts'], message: `server/ never imports e2e/, integration/ or scripts/. ${WHY}` },
    ...(test || SERVER_BUT_DEMO.length === 0 ? [] : [{ target: SERVER_BUT_DEMO, from: 'mocks', message: `Only server/demo/ (and tests) import mocks/: demo mode is the one place the service runs on them. ${WHY}` }]),
  ];
  return zones;
}

const LINTED = ['src/**/*.{ts,tsx}', 'mocks/**/*.ts', 'server/**/*.ts', 'e2e/**/*.{ts,tsx}', 'integration/**/*.ts', 'scripts/**/*.ts'];

export const layerConfigs = [
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: [path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'e2e/harness/tsconfig.json')], noWarnOnMultipleProjects: true })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      // Type-only imports are erased and do not count; a cycle through a dynamic import() still does.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  { files: LINTED, ignores: TEST_FILES, rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: layerZones() }] } },
  { files: TEST_FILES, rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: layerZones({ test: true }) }] } },
  {
    files: ['src/main.tsx'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: layerZones({ main: true }) }],
      // No-restricted-imports sees static imports only: main.tsx reaches mocks/ through import() alone.
      'no-restricted-imports': ['error', { patterns: [{ group: ['@mocks/*', '**/mocks/*'], message: 'src/main.tsx loads mocks/ only through a dynamic import(), so live builds never carry them.' }] }],
    },
  },
];
