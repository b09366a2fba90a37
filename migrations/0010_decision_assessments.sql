-- 0010_decision_assessments: outcome assessments of decisions (reference HEAD migration 051,
-- POST /v1/decisions/{id}/assess). An agent records, after the fact, whether a decision turned out
-- correct, incorrect or partially correct. Rows are append-only history: a later assessment by the
-- same agent is a new row, so a change of mind stays visible. decision_id names the row version that
-- was assessed; no foreign key, since decisions may later be erased or purged by retention while
-- the assessment history is kept for audit (both are scoped by org_id).

CREATE TABLE decision_assessments (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      uuid        NOT NULL,
    decision_id uuid        NOT NULL,
    assessor_agent_id text  NOT NULL,
    outcome     text        NOT NULL
        CONSTRAINT decision_assessments_outcome_check
        CHECK (outcome IN ('correct', 'incorrect', 'partially_correct')),
    notes       text        NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX decision_assessments_org_decision_idx
    ON decision_assessments (org_id, decision_id, created_at DESC, id DESC);
