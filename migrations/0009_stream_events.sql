-- 0009_stream_events: the log behind GET /v1/subscribe. Every new decision and every new scored
-- conflict leaves one row here, written by a trigger in the transaction that created it, so an event
-- exists exactly when its decision or conflict committed (nothing to lose between commit and publish).
--
-- `seq` is the SSE event id. It is NULL until the stream relay (stream::EventRelay) numbers the row:
-- the relay takes one advisory lock, numbers a batch, publishes it on the notify transport and commits,
-- so ids are handed out in the order subscribers receive them on every instance, and a client resuming
-- with Last-Event-ID = n misses nothing by asking for seq > n. Numbering at insert time instead would
-- let a later-committing transaction publish a smaller id after a larger one was already delivered.
--
-- Payloads are the reference's (api facts §7) as compact JSON text: json_build_object keeps the key
-- order that jsonb would not, and json_strip_nulls drops absent fields and prints without the spaces
-- json_build_object puts around colons. Rows older than the replay window are pruned hourly.

CREATE SEQUENCE stream_event_seq;

CREATE TABLE stream_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq        bigint      NULL,
    org_id     uuid        NOT NULL,
    channel    text        NOT NULL CHECK (channel IN ('akashi_decisions', 'akashi_conflicts')),
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX stream_events_seq_key ON stream_events (seq);
-- The relay's work queue: only the rows not numbered yet.
CREATE INDEX stream_events_unsequenced_idx ON stream_events (id) WHERE seq IS NULL;
-- Replay for one org after a Last-Event-ID.
CREATE INDEX stream_events_org_seq_idx ON stream_events (org_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX stream_events_created_idx ON stream_events (created_at);

CREATE FUNCTION akashi_stream_decision() RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO stream_events (org_id, channel, payload)
    VALUES (NEW.org_id, 'akashi_decisions',
            json_strip_nulls(json_build_object('decision_id', NEW.id, 'agent_id', NEW.agent_id, 'org_id', NEW.org_id,
                                               'outcome', NEW.outcome))::text);
    RETURN NULL;
END
$function$;

CREATE TRIGGER decisions_stream_event AFTER INSERT ON decisions
    FOR EACH ROW EXECUTE FUNCTION akashi_stream_decision();

CREATE FUNCTION akashi_stream_conflict() RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO stream_events (org_id, channel, payload)
    VALUES (NEW.org_id, 'akashi_conflicts',
            json_strip_nulls(json_build_object(
                'conflict_id', NEW.id, 'org_id', NEW.org_id, 'decision_a_id', NEW.decision_a_id,
                'decision_b_id', NEW.decision_b_id, 'agent_a', NEW.agent_a, 'agent_b', NEW.agent_b,
                'decision_type', NEW.decision_type, 'conflict_kind', NEW.conflict_kind,
                'significance', NEW.significance))::text);
    RETURN NULL;
END
$function$;

CREATE TRIGGER scored_conflicts_stream_event AFTER INSERT ON scored_conflicts
    FOR EACH ROW EXECUTE FUNCTION akashi_stream_conflict();
