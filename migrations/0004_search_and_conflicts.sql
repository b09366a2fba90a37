-- 0004_search_and_conflicts: the search outbox and scored conflicts.
-- search_outbox is the queue the outbox worker drains into the vector index (claimed with FOR UPDATE
-- SKIP LOCKED, retried with backoff; attempts >= 10 is a dead letter, archived after 7 days into
-- search_outbox_dead_letters). It has no foreign key to decisions: a 'delete' entry must outlive the
-- decision it removes. scored_conflicts holds pairs of decisions found to contradict each other.

CREATE TABLE search_outbox (
    id           bigserial   PRIMARY KEY,
    decision_id  uuid        NOT NULL,
    org_id       uuid        NOT NULL,
    operation    text        NOT NULL CHECK (operation IN ('upsert', 'delete')),
    attempts     int         NOT NULL DEFAULT 0,
    last_error   text        NULL,
    locked_until timestamptz NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT search_outbox_decision_operation_key UNIQUE (decision_id, operation)
);

-- The worker's claim: unlocked (or lock expired), under the attempt limit, oldest first.
CREATE INDEX search_outbox_claim_idx ON search_outbox (locked_until, attempts, created_at);

-- id keeps the search_outbox id the entry had, for the paper trail.
CREATE TABLE search_outbox_dead_letters (
    id          bigint      PRIMARY KEY,
    decision_id uuid        NOT NULL,
    org_id      uuid        NOT NULL,
    operation   text        NOT NULL,
    attempts    int         NOT NULL,
    last_error  text        NULL,
    created_at  timestamptz NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scored_conflicts (
    id                     uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id                 uuid        NOT NULL,
    conflict_kind          text        NOT NULL DEFAULT 'cross_agent'
                                       CHECK (conflict_kind IN ('cross_agent', 'self_contradiction')),
    decision_a_id          uuid        NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    decision_b_id          uuid        NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    agent_a                text        NULL,
    agent_b                text        NULL,
    decision_type          text        NULL,
    topic_similarity       real        NULL,
    outcome_divergence     real        NULL,
    significance           real        NULL,
    scoring_method         text        NULL,
    explanation            text        NULL,
    relationship           text        NULL,
    category               text        NULL,
    severity               text        NULL,
    status                 text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'false_positive')),
    resolved_by            text        NULL,
    resolved_at            timestamptz NULL,
    resolution_note        text        NULL,
    resolution_decision_id uuid        NULL,
    winning_decision_id    uuid        NULL,
    group_id               uuid        NULL,
    detected_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scored_conflicts_pair_key UNIQUE (decision_a_id, decision_b_id),
    CONSTRAINT scored_conflicts_distinct_check CHECK (decision_a_id <> decision_b_id)
);

CREATE INDEX scored_conflicts_org_status_detected_idx ON scored_conflicts (org_id, status, detected_at DESC);
-- The pair key's index covers decision_a_id; this one serves "conflicts of a decision" and the cascade.
CREATE INDEX scored_conflicts_decision_b_idx ON scored_conflicts (decision_b_id);
