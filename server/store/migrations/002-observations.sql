-- The observations the watcher evaluated, one row per cycle keyed by its time (a cycle written
-- again replaces its row): what the backtest replays for rule kinds no source keeps history for.
-- Bounded by the hourly prune to the browser's session history (600 rows, 24 h); the body is the
-- engine's Observation without its `at`, compacted (server/store/observations.ts).
CREATE TABLE observations (
  at timestamptz PRIMARY KEY,
  body jsonb NOT NULL
);
