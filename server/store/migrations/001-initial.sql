-- The console service's first schema. Times are timestamptz; the engine's documents stay jsonb,
-- validated by the same zod schemas the UI uses when they are read back.

CREATE TABLE rules (
  id text PRIMARY KEY,
  position integer NOT NULL,
  body jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

CREATE TABLE maintenance_windows (
  id text PRIMARY KEY,
  position integer NOT NULL,
  body jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

-- One row: whether the rules table has been seeded with the defaults (an empty rule list is a
-- choice once made), and the evaluator's trackers (pending clocks, check streaks, log buckets).
CREATE TABLE evaluator_state (
  id smallint PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL DEFAULT 0,
  rules_seeded boolean NOT NULL DEFAULT false,
  trackers jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_cycle_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO evaluator_state (id) VALUES (1);

CREATE TABLE incidents (
  id text PRIMARY KEY,
  rule_id text NOT NULL,
  rule_name text NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  subject_label text NOT NULL,
  services jsonb NOT NULL DEFAULT '[]'::jsonb,
  severity text NOT NULL,
  status text NOT NULL CHECK (status IN ('firing', 'resolved')),
  condition text NOT NULL,
  summary text NOT NULL,
  pending_since timestamptz NOT NULL,
  started_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  count integer NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text,
  snoozed_until timestamptz,
  muted boolean NOT NULL,
  notified boolean NOT NULL
);
CREATE INDEX incidents_status_started ON incidents (status, started_at DESC);
-- At most one firing incident per rule and subject, whatever happens between replicas.
CREATE UNIQUE INDEX incidents_one_firing ON incidents (rule_id, subject) WHERE status = 'firing';

CREATE TABLE incident_events (
  id bigserial PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

-- Notifications to send, written in the same transaction as the state change that caused them.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  incident_event_id bigint REFERENCES incident_events (id) ON DELETE SET NULL,
  channel text NOT NULL,
  dedupe_key text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  last_error text,
  UNIQUE (channel, dedupe_key)
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- What was sent, kept after the outbox row is pruned: nothing is sent twice.
CREATE TABLE notification_log (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  dedupe_key text NOT NULL,
  sent_at timestamptz NOT NULL,
  summary text NOT NULL,
  UNIQUE (channel, dedupe_key)
);

CREATE TABLE issue_states (
  source_id text NOT NULL,
  issue_id text NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (source_id, issue_id)
);

CREATE TABLE saved_views (
  id text PRIMARY KEY,
  view text NOT NULL,
  name text NOT NULL,
  query text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  UNIQUE (view, name)
);
