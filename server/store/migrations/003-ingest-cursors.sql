-- Where the issue index's ingest stands in each log source (server/ingest/pull-lines.ts): the
-- position after the last line handed out, exact to the nanosecond (a decimal string: Loki's and
-- Elasticsearch's ns times, compared as the adapters compare them), and the ids of the lines at
-- exactly that nanosecond already handed out. Advanced in the transaction that writes the index,
-- so a crash between them neither loses nor repeats a line. A row may hold only an error (a
-- source that failed before its first pull): time_ns is then null.
CREATE TABLE ingest_cursors (
  source_id text PRIMARY KEY,
  time_ns text CHECK (time_ns ~ '^(0|[1-9][0-9]*)$'),
  seen_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  lines_ingested bigint NOT NULL DEFAULT 0,
  pulled_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
