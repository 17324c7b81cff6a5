#!/usr/bin/env node
// `npm run bench`: benchmarks that print figures. Sections run in order; pass names to pick some
// (`npm run bench -- dashboard`). Each section builds on the production build in dist/.
import { spawnSync } from 'node:child_process';

const sections = {
  dashboard: 'scripts/bench/dashboard.ts',
  errors: 'scripts/bench/errors.ts',
  logs: 'scripts/bench/logs.ts',
  library: 'scripts/bench/library.ts',
  service: 'scripts/bench/service.ts',
  // Not run by default (minutes): npm run bench -- longrun
  longrun: 'scripts/bench/long-run.ts',
  // Not run by default (10 million lines: about 8 minutes): npm run bench -- index
  index: 'scripts/bench/index.ts',
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(sections).filter((n) => n !== 'longrun' && n !== 'index');

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = false;
for (const name of names) {
  const file = sections[name];
  if (!file) {
    console.error(`bench: unknown section "${name}"; choose from ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  const run = spawnSync('npx', ['tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
