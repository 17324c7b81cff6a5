-- Backfill (server/ingest/backfill.ts): when a source is first seen, the index walks back through
-- its retention, newest span first, to the bound fixed when the walk began (live start − BACKFILL).
-- [backfill_to_ns, live_start_ns) is indexed; the span being read is [backfill_span_ns,
-- backfill_to_ns), read forward from backfill_time_ns / backfill_seen_ids (null: not begun).
-- Everything advances in the transaction that writes the index, as the live cursor does.
ALTER TABLE ingest_cursors
  ADD COLUMN live_start_ns text CHECK (live_start_ns ~ '^(0|[1-9][0-9]*)$'),
  ADD COLUMN backfill_from_ns text CHECK (backfill_from_ns ~ '^(0|[1-9][0-9]*)$'),
  ADD COLUMN backfill_to_ns text CHECK (backfill_to_ns ~ '^(0|[1-9][0-9]*)$'),
  ADD COLUMN backfill_span_ns text CHECK (backfill_span_ns ~ '^(0|[1-9][0-9]*)$'),
  ADD COLUMN backfill_time_ns text CHECK (backfill_time_ns ~ '^(0|[1-9][0-9]*)$'),
  ADD COLUMN backfill_seen_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN backfill_lines bigint NOT NULL DEFAULT 0,
  ADD COLUMN backfill_error text;

-- A source ingested before this migration started its live cursor where the index's "known
-- since" is (its first batch recorded that start, and nothing reached further back yet).
UPDATE ingest_cursors c SET live_start_ns = s.known_since_ns::text
  FROM index_sources s
  WHERE s.source_id = c.source_id AND c.time_ns IS NOT NULL;
