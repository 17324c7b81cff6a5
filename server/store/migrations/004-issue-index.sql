-- The issue index (server/ingest/issue-index.ts): every warning-and-above line of a log source
-- grouped once on the way in, remembered. Storage grows with issues × hours, never with lines:
-- per issue one row, one count per hour × service × level, at most 16 samples, capped top values.
-- Times of lines are ns since the epoch (bigint: good until 2262), like the sources give them.

-- Since when the index has known each source, and a revision bumped by every write, so a process
-- whose in-memory miner missed a write (a rolled-back batch, another replica) reloads it.
CREATE TABLE index_sources (
  source_id text PRIMARY KEY,
  known_since_ns bigint NOT NULL,
  revision bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per issue. slot_values, loggers and stacks are capped top-k lists (jsonb, a few KB at
-- most); template is what the miner's template ids are re-seeded from after a restart.
CREATE TABLE index_issues (
  source_id text NOT NULL,
  issue_id text NOT NULL,
  title text NOT NULL,
  template text NOT NULL,
  exception_type text,
  fingerprint_kind text NOT NULL,
  level text NOT NULL,
  first_seen_ns bigint NOT NULL,
  last_seen_ns bigint NOT NULL,
  count bigint NOT NULL,
  frameless_count bigint NOT NULL DEFAULT 0,
  slot_values jsonb NOT NULL DEFAULT '[]'::jsonb,
  loggers jsonb NOT NULL DEFAULT '[]'::jsonb,
  stacks jsonb NOT NULL DEFAULT '[]'::jsonb,
  PRIMARY KEY (source_id, issue_id)
);

-- Exact counts per hour: a range's counts and sparkline are sums of these. Keyed by hour first,
-- so a range query reads one slice of the index.
CREATE TABLE index_issue_hours (
  source_id text NOT NULL,
  hour timestamptz NOT NULL,
  issue_id text NOT NULL,
  service text NOT NULL,
  level text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (source_id, hour, issue_id, service, level)
);

-- Samples: role 'first' (slot 0: the oldest line ever), 'newest' (slots 0-4) and 'reservoir'
-- (slots 0-9, a uniform sample of every occurrence). line_id is LogEvent.id, what "Show in
-- Logs" looks up; event holds the rest of the LogEvent (entry ids, service, stream, labels).
CREATE TABLE index_issue_samples (
  source_id text NOT NULL,
  issue_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('first', 'newest', 'reservoir')),
  slot smallint NOT NULL,
  line_id text NOT NULL,
  time_ns bigint NOT NULL,
  text text NOT NULL,
  event jsonb NOT NULL,
  PRIMARY KEY (source_id, issue_id, role, slot)
);

-- Issues merged into another when the miner generalized their templates into one: what an issue
-- absorbed (a later merge of the target re-points these rows at the new target).
CREATE TABLE index_issue_merges (
  source_id text NOT NULL,
  from_id text NOT NULL,
  into_id text NOT NULL,
  from_title text NOT NULL,
  count bigint NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (source_id, from_id, into_id)
);
CREATE INDEX index_issue_merges_into ON index_issue_merges (source_id, into_id);
