/**
 * The console service's own settings (the store, the watcher, who may write), read from the
 * environment. A bad value is a named problem with a fix, and the default is used.
 */
import type { GuardConfig } from './http/guard';

export interface ServiceConfig {
  /** PGlite's directory when DATABASE_URL is unset. */
  dataDir: string;
  databaseUrl: string | null;
  watchIntervalMs: number;
  /** BACKFILL: how far back the issue index reads a source it first sees; 0: off. */
  backfillMs: number;
  /** INDEX_RETENTION: how long the issue index keeps hourly counts and silent issues. */
  indexRetentionMs: number;
  guard: GuardConfig;
  problems: string[];
}

const DURATION = /^(\d+)(ms|s|m)?$/;

function readInterval(raw: string | undefined, problems: string[]): number {
  const fallback = 30_000;
  if (!raw?.trim()) return fallback;
  const m = DURATION.exec(raw.trim());
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[m[2] ?? 's'] ?? 1000) : NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > 3_600_000) {
    problems.push(`WATCH_INTERVAL="${raw}" is not a duration between 1s and 60m; set it like WATCH_INTERVAL=30s. Using 30s.`);
    return fallback;
  }
  return ms;
}

const RETENTION = /^(\d+)(h|d)?$/;
const DAY_MS = 86_400_000;

function readRetention(raw: string | undefined, problems: string[]): number {
  const fallback = 90 * DAY_MS;
  if (!raw?.trim()) return fallback;
  const m = RETENTION.exec(raw.trim());
  const ms = m ? Number(m[1]) * (m[2] === 'h' ? 3_600_000 : DAY_MS) : NaN;
  // Under a day would drop counts the 24 h range still shows; ten years bounds the hourly rows.
  if (!Number.isFinite(ms) || ms < DAY_MS || ms > 3650 * DAY_MS) {
    problems.push(`INDEX_RETENTION="${raw}" is not a duration between 1d and 3650d; set it like INDEX_RETENTION=90d. Using 90d.`);
    return fallback;
  }
  return ms;
}

const BACKFILL = /^(\d+)(s|m|h|d)?$/;

function readBackfill(raw: string | undefined, problems: string[]): number {
  const fallback = 7 * 86_400_000;
  if (!raw?.trim()) return fallback;
  const m = BACKFILL.exec(raw.trim());
  // A bare number is only 0 (off): "7" could mean days or hours.
  const ms = m && (m[2] || m[1] === '0') ? Number(m[1]) * ({ s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's'] ?? 1000) : NaN;
  if (!Number.isFinite(ms) || ms > 365 * 86_400_000) {
    problems.push(`BACKFILL="${raw}" is not a duration up to 365d; set it like BACKFILL=7d (or BACKFILL=0 to turn backfill off). Using 7d.`);
    return fallback;
  }
  return ms;
}

export function readServiceConfig(env: NodeJS.ProcessEnv): ServiceConfig {
  const problems: string[] = [];
  let databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/capture_spine). Using the embedded database in DATA_DIR instead.');
    databaseUrl = null;
  }
  const token = env.CONSOLE_AUTH_TOKEN?.trim() || null;
  if (token && token.length < 16) problems.push('CONSOLE_AUTH_TOKEN is shorter than 16 characters; use a long random value (openssl rand -hex 32).');
  const userHeader = env.TRUST_USER_HEADER?.trim().toLowerCase() || null;
  if (userHeader && !/^[a-z0-9-]+$/.test(userHeader)) problems.push(`TRUST_USER_HEADER="${env.TRUST_USER_HEADER}" is not a header name (e.g. x-forwarded-user); nobody will be named.`);
  const allowedOrigins: string[] = [];
  for (const o of (env.CONSOLE_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const u = new URL(o);
      allowedOrigins.push(u.origin);
    } catch {
      problems.push(`CONSOLE_ALLOWED_ORIGINS: "${o}" is not an origin such as https://capture-spine.example.com; ignoring it.`);
    }
  }
  return {
    dataDir: env.DATA_DIR?.trim() || './data',
    databaseUrl,
    watchIntervalMs: readInterval(env.WATCH_INTERVAL, problems),
    backfillMs: readBackfill(env.BACKFILL, problems),
    indexRetentionMs: readRetention(env.INDEX_RETENTION, problems),
    guard: { token, userHeader: userHeader && /^[a-z0-9-]+$/.test(userHeader) ? userHeader : null, allowedOrigins },
    problems,
  };
}
