// @vitest-environment node
/**
 * Conformance against the public upstream fixtures in shared/fixtures/upstream. Every file is
 * classified explicitly (response / error / request / out-of-scope); a new fixture without a
 * classification, or a classification whose file disappeared, fails this test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { esFixtureTable } from './es-checks';
import type { FixtureTable } from './fixture-check';
import { lokiFixtureTable } from './loki-checks';

const here = path.dirname(fileURLToPath(import.meta.url));
const upstream = path.resolve(here, '../../../../shared/fixtures/upstream');

const suites: Array<[string, FixtureTable]> = [
  ['loki', lokiFixtureTable],
  ['elasticsearch', esFixtureTable],
];

const present = existsSync(upstream);
const NEED = 'upstream fixtures: needs ../shared/fixtures/upstream beside the clone (the recorded Loki and Elasticsearch answers)';
// Nothing is read from disk while vitest collects tests unless the folder is there.
if (!present && process.env.REQUIRE_INTEGRATION === '1') throw new Error(`REQUIRE_INTEGRATION=1 and ${NEED}`);
if (!present) console.log(`skipped: ${NEED}`);

describe.runIf(present)(`upstream fixtures (${upstream})`, () => {
  for (const [kind, table] of suites) {
    describe(kind, () => {
      const dir = path.join(upstream, kind);
      const files = present ? readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : [];

      it('classifies every file, and every classification has a file', () => {
        expect(files.filter((f) => !(f in table))).toEqual([]);
        expect(Object.keys(table).filter((f) => !files.includes(f))).toEqual([]);
      });

      it.each(files.filter((f) => f in table))('%s', async (file) => {
        const entry = table[file];
        if (!entry) throw new Error(`unclassified fixture ${file}`);
        await entry.check(readFileSync(path.join(dir, file), 'utf8'));
      });
    });
  }
});
if (!present) it.skip(NEED, () => undefined);
