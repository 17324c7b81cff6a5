#!/usr/bin/env node
// `npm test`: lint, type check, unit and component tests, integration tests against real servers,
// production build, then Playwright end-to-end tests in Chromium. Ends with one summary line:
// "Total: N passed, N failed, N skipped". A failing step's line says why it failed.
// Suites that need something outside the repo print "skipped: … needs …" and skip, unless
// REQUIRE_INTEGRATION=1 (CI), where a missing dependency fails the step.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const vitestCounts = (file) => () => {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const failures = [];
  for (const suite of r.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) if (t.status === 'failed') failures.push(t.fullName ?? t.title);
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((t) => t.status === 'failed')) {
      failures.push(`${suite.name.replace(`${process.cwd()}/`, '')} did not load: ${firstLine(suite.message)}`);
    }
  }
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? 1 : 0),
    skipped: r.numPendingTests + r.numTodoTests,
    failures,
  };
};

function playwrightCounts() {
  const r = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8'));
  const failures = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      if (!spec.ok) failures.push([...path, spec.title].filter(Boolean).join(' › '));
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const s of r.suites ?? []) walk(s, [s.title]);
  for (const e of r.errors ?? []) failures.push(firstLine(e.message));
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected + (r.errors?.length ?? 0), skipped: r.stats.skipped, failures };
}

const steps = [
  { name: 'lint', cmd: 'npx', args: ['eslint', '.', '--max-warnings=0'] },
  { name: 'type check', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // Fails on high or critical advisories; says "unavailable" (and passes) when the registry has no audit endpoint.
  { name: 'npm audit (production dependencies)', cmd: 'npx', args: ['tsx', 'scripts/audit.ts'] },
  {
    name: 'unit and component tests',
    cmd: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit-results.json'],
    counts: vitestCounts('test-results/unit-results.json'),
  },
  {
    // Real Loki servers (3.x and 2.9) started by the suite itself; see integration/README.md.
    name: 'integration tests (real servers)',
    cmd: 'npx',
    args: ['vitest', 'run', '--config', 'vitest.integration.config.ts', '--reporter=default', '--reporter=json', '--outputFile=test-results/integration-results.json'],
    counts: vitestCounts('test-results/integration-results.json'),
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
    counts: playwrightCounts,
  },
];

function firstLine(text) {
  return String(text ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '') ?? '';
}

/** Runs a step with its output passed through, keeping the tail to say why it failed. */
function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { stdio: ['inherit', 'pipe', 'pipe'], env: process.env });
    const tail = [];
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        const clean = firstLine(line);
        if (clean) tail.push(clean);
      }
      if (tail.length > 400) tail.splice(0, tail.length - 400);
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      keep(d);
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      keep(d);
    });
    child.on('error', (error) => resolve({ status: null, tail: [`could not start ${step.cmd}: ${error.message}`] }));
    child.on('close', (status, signal) => resolve({ status, signal, tail }));
  });
}

/** The line that best says why a step failed: an error line near the end, else the last line. */
function whyFailed(result, counts) {
  if (counts?.failures?.length) {
    const shown = counts.failures.slice(0, 3).join('; ');
    return `${counts.failures.length} failed: ${shown}${counts.failures.length > 3 ? '; …' : ''}`;
  }
  const exit = result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
  const lines = result.tail;
  const error = [...lines].reverse().find((l) => /\b(error|failed|fail|cannot|not found|missing|REQUIRE_INTEGRATION)\b/i.test(l) && !/^(npm (warn|notice)|Total:)/.test(l));
  const reason = error ?? lines.at(-1) ?? 'no output';
  return `${exit}: ${reason.length > 240 ? `${reason.slice(0, 237)}…` : reason}`;
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });
const results = [];
const total = { passed: 0, failed: 0, skipped: 0 };
const skips = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const result = await run(step);
  const ok = result.status === 0;
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
  if (!ok && (!counts || counts.failed === 0)) total.failed += 1; // a failing step without test failures counts as one failure
  for (const line of result.tail) if (line.startsWith('skipped: ') && !skips.includes(line)) skips.push(line);
  results.push({ name: step.name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1), counts, why: ok ? '' : whyFailed(result, counts) });
}

console.log('\n=== summary ===');
for (const r of results) {
  const detail = r.counts ? ` (${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped)` : '';
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${detail}  ${r.seconds}s${r.ok ? '' : `\n      why: ${r.why}`}`);
}
for (const line of skips) console.log(line);
const allOk = results.every((r) => r.ok);
if (!existsSync('test-results/e2e-results.json')) console.log('(no end-to-end results were written)');
console.log(`spine-console: ${allOk ? 'ALL CHECKS PASSED' : 'SOME CHECKS FAILED'}`);
console.log(`Total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(allOk ? 0 : 1);
