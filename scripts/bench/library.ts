/**
 * Library size: what `spine-console` adds to a host's bundle, peer dependencies (react, react-dom,
 * @tanstack/react-query, react-router, msw) excluded since the host has them anyway. Builds
 * dist-lib/ (`npm run build:lib`), then prints the gzipped size (level 9) of:
 *  - all library JavaScript except the mocks entry and the chunks only it reaches;
 *  - what the console needs before the dashboard can render (the entry and its static imports);
 *  - the grouping Web Worker; the CSS; and `spine-console/mocks` (demo only).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const build = spawnSync('npm', ['run', '--silent', 'build:lib'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

const ROOT = 'dist-lib';
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    return statSync(file).isDirectory() ? (name === 'types' ? [] : files(file)) : [file];
  });
const js = files(ROOT).filter((f) => f.endsWith('.js'));
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Files reached from an entry by static imports (and dynamic ones when asked). */
function reach(entry: string, dynamic: boolean, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  const re = dynamic ? /(?:from\s*|import\s*\(?\s*)["'](\.{1,2}\/[^"']+\.js)["']/g : /(?:from\s*|import\s*)["'](\.{1,2}\/[^"']+\.js)["']/g;
  for (const m of code.matchAll(re)) reach(join(entry, '..', m[1]!), dynamic, seen);
  return seen;
}

const worker = js.filter((f) => f.includes('group-worker'));
const consoleFiles = reach(join(ROOT, 'index.js'), true);
const mockOnly = [...reach(join(ROOT, 'mocks.js'), true)].filter((f) => !consoleFiles.has(f));
const library = js.filter((f) => !mockOnly.includes(f) && !worker.includes(f));
const firstPaint = [...reach(join(ROOT, 'index.js'), false)];
const sum = (list: string[]) => list.reduce((n, f) => n + gz(f), 0);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

console.log('\nLibrary (dist-lib, gzipped level 9, peer dependencies excluded)');
console.log(`  JS, console (all views, lazy chunks included):  ${kb(sum(library))}   (${library.length} files)`);
console.log(`  JS, entry + static imports (dashboard):         ${kb(sum(firstPaint))}   (${firstPaint.map((f) => relative(ROOT, f)).join(', ')})`);
console.log(`  JS, grouping Web Worker:                        ${kb(sum(worker))}`);
console.log(`  CSS, style.css:                                 ${kb(gz(join(ROOT, 'style.css')))}`);
console.log(`  JS, spine-console/mocks (demo only):            ${kb(sum(mockOnly))}`);
