-- The write of POST /v1/trace as one PL/pgSQL function. PL/pgSQL keeps each statement's plan for the
-- life of the database session, so the large data-modifying statement below is parsed and planned once
-- per server connection instead of on every trace (measured: 3.0k vs 1.5k calls/s at 32 clients), and
-- unlike a client-side prepared statement this survives PgBouncer's transaction pooling. One call writes
-- the run (completed), the decision, its alternatives and evidence (JSON arrays of
-- {label, rejection_reason, metadata} and {source_type, source_uri, content, relevance_score, metadata},
-- metadata as JSON text), the search_outbox 'upsert' (attempts reset when re-queued) and, when
-- p_supersedes_id is set, closes that decision (valid_to = p_valid_from) and queues its outbox 'delete'.
-- The caller locks and checks the superseded row first; o_closed tells whether it was closed.

CREATE FUNCTION akashi_record_decision(
    p_org_id uuid,
    p_agent_id text,
    p_trace_id text,
    p_valid_from timestamptz,
    p_decision_id uuid,
    p_decision_type text,
    p_outcome text,
    p_confidence real,
    p_reasoning text,
    p_metadata jsonb,
    p_precedent_ref uuid,
    p_precedent_reason text,
    p_supersedes_id uuid,
    p_content_hash text,
    p_session_id uuid,
    p_agent_context jsonb,
    p_tool text,
    p_model text,
    p_alternatives jsonb,
    p_evidence jsonb,
    OUT o_run_id uuid,
    OUT o_alternatives bigint,
    OUT o_evidence bigint,
    OUT o_outbox bigint,
    OUT o_closed bigint)
LANGUAGE plpgsql
AS $function$
BEGIN
    WITH run AS (
        INSERT INTO agent_runs (org_id, agent_id, trace_id, status, started_at, completed_at)
        VALUES (p_org_id, p_agent_id, p_trace_id, 'completed', p_valid_from, p_valid_from)
        RETURNING id
    ), decision AS (
        INSERT INTO decisions (id, run_id, agent_id, org_id, decision_type, outcome, confidence, reasoning, metadata,
                               precedent_ref, precedent_reason, supersedes_id, content_hash, valid_from,
                               transaction_time, session_id, agent_context, tool, model)
        SELECT p_decision_id, run.id, p_agent_id, p_org_id, p_decision_type, p_outcome, p_confidence, p_reasoning,
               p_metadata, p_precedent_ref, p_precedent_reason, p_supersedes_id, p_content_hash,
               p_valid_from, p_valid_from, p_session_id, p_agent_context, p_tool, p_model
        FROM run
        RETURNING id, run_id, agent_id, org_id, outcome
    ), alternative_rows AS (
        INSERT INTO alternatives (decision_id, org_id, label, rejection_reason, metadata)
        SELECT decision.id, decision.org_id, a.label, a.rejection_reason, coalesce(a.metadata::jsonb, '{}'::jsonb)
        FROM decision, jsonb_to_recordset(p_alternatives) AS a(label text, rejection_reason text, metadata text)
        RETURNING 1
    ), evidence_rows AS (
        INSERT INTO evidence (decision_id, org_id, source_type, source_uri, content, relevance_score, metadata)
        SELECT decision.id, decision.org_id, e.source_type, e.source_uri, e.content, e.relevance_score,
               coalesce(e.metadata::jsonb, '{}'::jsonb)
        FROM decision, jsonb_to_recordset(p_evidence)
             AS e(source_type text, source_uri text, content text, relevance_score real, metadata text)
        RETURNING 1
    ), upserted AS (
        INSERT INTO search_outbox (decision_id, org_id, operation)
        SELECT id, org_id, 'upsert' FROM decision
        ON CONFLICT (decision_id, operation) DO UPDATE SET attempts = 0, last_error = NULL, locked_until = NULL
        RETURNING 1
    ), closed AS (
        UPDATE decisions SET valid_to = p_valid_from
        WHERE p_supersedes_id IS NOT NULL AND id = p_supersedes_id AND org_id = p_org_id AND valid_to IS NULL
        RETURNING id, org_id
    ), removed AS (
        INSERT INTO search_outbox (decision_id, org_id, operation)
        SELECT id, org_id, 'delete' FROM closed
        ON CONFLICT (decision_id, operation) DO UPDATE SET attempts = 0, last_error = NULL, locked_until = NULL
        RETURNING 1
    )
    SELECT decision.run_id, (SELECT count(*) FROM alternative_rows), (SELECT count(*) FROM evidence_rows),
           (SELECT count(*) FROM upserted) + (SELECT count(*) FROM removed), (SELECT count(*) FROM closed)
    INTO o_run_id, o_alternatives, o_evidence, o_outbox, o_closed
    FROM decision;
END
$function$;
