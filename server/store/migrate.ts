/**
 * Versioned migrations: migrations/NNN-name.sql, applied in order at start, each in its own
 * transaction under an advisory lock so replicas starting together apply each file once.
 * A database newer than this build (a version we do not know) is refused, never "downgraded".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawSql } from './connect';
import { SCHEMA } from './schema';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** pg_advisory_xact_lock key for migrations ("spine-mi"). */
const MIGRATION_LOCK = 0x7370_696e;

export function loadMigrations(dir: string = DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
    if (!m) {
      if (file.endsWith('.sql')) throw new Error(`Migration file "${file}" is not named NNN-name.sql.`);
      continue;
    }
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(`${dir}/${file}`, 'utf8') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${String(m.version).padStart(3, '0')} at position ${i + 1}.`);
  });
  return out;
}

export interface MigrationReport {
  applied: number[];
  current: number;
}

export async function migrate(raw: RawSql, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  const applied: number[] = [];
  const setup = `CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`;
  let current = await raw.locked(MIGRATION_LOCK, async (tx) => {
    await tx.exec(setup);
    const rows = await tx.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.schema_migrations`);
    return Number(rows[0]?.v ?? 0);
  });
  const known = migrations.length;
  if (current > known) {
    throw new Error(`The database schema is at version ${current}, newer than this console (knows ${known}). Run the newer console, or restore a backup made before it upgraded the database.`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    await raw.locked(MIGRATION_LOCK, async (tx) => {
      const rows = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.schema_migrations WHERE version = $1`, [m.version]);
      if ((rows[0]?.n ?? 0) > 0) return; // another replica applied it while we waited for the lock
      await tx.exec(`SET LOCAL search_path TO ${SCHEMA};\n${m.sql}`);
      await tx.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    });
    current = m.version;
  }
  return { applied, current };
}
