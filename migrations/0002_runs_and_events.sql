-- 0002_runs_and_events: agent runs and their append-only event log.
-- agent_events is range-partitioned by occurred_at into daily partitions agent_events_pYYYYMMDD, which
-- the server creates ahead of time (storage::EventPartitions); this file creates none because a
-- migration must not depend on when it runs. The DEFAULT partition takes any event whose day has no
-- partition, so no event is ever refused for its timestamp; its rows move into a day's partition when
-- that partition is created.

CREATE TABLE agent_runs (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL,
    agent_id      text        NOT NULL,
    trace_id      text        NULL,
    -- A hand-off survives the deletion of the run it came from (an erased agent's runs).
    parent_run_id uuid        NULL REFERENCES agent_runs (id) ON DELETE SET NULL,
    status        text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz NULL,
    metadata      jsonb       NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX agent_runs_org_agent_started_idx ON agent_runs (org_id, agent_id, started_at DESC);
CREATE INDEX agent_runs_org_trace_idx ON agent_runs (org_id, trace_id);
-- Keeps ON DELETE SET NULL from scanning the table for children.
CREATE INDEX agent_runs_parent_idx ON agent_runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

-- Ordering within a run; the event buffer reserves numbers with nextval before it flushes (gaps are fine).
CREATE SEQUENCE event_sequence_num_seq AS bigint;

CREATE TABLE agent_events (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    run_id       uuid        NOT NULL,
    org_id       uuid        NOT NULL,
    event_type   text        NOT NULL,
    sequence_num bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL,
    agent_id     text        NOT NULL,
    payload      jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Unique constraints on a partitioned table must include the partition key.
    CONSTRAINT agent_events_pkey PRIMARY KEY (id, occurred_at),
    -- Its index also serves "events of a run in sequence order": no separate (run_id, sequence_num)
    -- index, which would only add a second index write to the hottest insert path.
    CONSTRAINT agent_events_run_sequence_key UNIQUE (run_id, sequence_num, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE agent_events_default PARTITION OF agent_events DEFAULT;
