#!/usr/bin/env node
// `npm test`: lint, type check, unit and component tests, production build, then Playwright
// end-to-end tests in Chromium. Ends with one summary line: "Total: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  { name: 'lint', cmd: 'npx', args: ['eslint', '.', '--max-warnings=0'] },
  { name: 'type check', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // Fails on high or critical advisories; says "unavailable" (and passes) when the registry has no audit endpoint.
  { name: 'npm audit (production dependencies)', cmd: 'npx', args: ['tsx', 'scripts/audit.ts'] },
  {
    name: 'unit and component tests',
    cmd: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit-results.json'],
    counts: () => {
      const r = JSON.parse(readFileSync('test-results/unit-results.json', 'utf8'));
      return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
    },
  },
  { name: 'production build', cmd: 'npx', args: ['vite', 'build'] },
  // The embedding e2e runs a host app built against the library, as an npm consumer would.
  { name: 'library build', cmd: 'npm', args: ['run', 'build:lib'] },
  { name: 'host harness type check (against dist-lib .d.ts)', cmd: 'npx', args: ['tsc', '-p', 'e2e/harness/tsconfig.json', '--noEmit'] },
  { name: 'host harness build', cmd: 'npx', args: ['vite', 'build', '--config', 'e2e/harness/vite.config.ts'] },
  {
    name: 'end-to-end tests (Chromium)',
    cmd: 'npx',
    args: ['playwright', 'test'],
    counts: () => {
      const r = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8'));
      return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
    },
  },
];

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });
const results = [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const run = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: process.env });
  const ok = run.status === 0;
  let counts = null;
  if (step.counts) {
    try {
      counts = step.counts();
    } catch {
      counts = null;
    }
  }
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  if (!ok && (!counts || counts.failed === 0)) total.failed += 1; // a failing step without test counts counts as one failure
  results.push({ name: step.name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1), counts });
}

console.log('\n=== summary ===');
for (const r of results) {
  const detail = r.counts ? ` (${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped)` : '';
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${detail}  ${r.seconds}s`);
}
const allOk = results.every((r) => r.ok);
if (!existsSync('test-results/e2e-results.json')) console.log('(no end-to-end results were written)');
console.log(`spine-console: ${allOk ? 'ALL CHECKS PASSED' : 'SOME CHECKS FAILED'}`);
console.log(`Total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(allOk ? 0 : 1);
