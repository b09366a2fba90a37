-- 0003_decisions: bi-temporal decisions with their alternatives and evidence.
-- A decision row is current while valid_to IS NULL; a revision closes the old row (valid_to) and links
-- the new one through supersedes_id; transaction_time records when a row was written, so as_of reads
-- can replay history. Vectors are stored as real[] (no pgvector): the server's in-process HNSW index
-- follows embedding_seq, which the embedding writer sets from decision_embedding_seq on every store.
-- search_vector backs the full-text fallback of /v1/search.

CREATE SEQUENCE decision_embedding_seq AS bigint;

CREATE TABLE decisions (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id               uuid        NOT NULL REFERENCES agent_runs (id),
    agent_id             text        NOT NULL,
    org_id               uuid        NOT NULL,
    decision_type        text        NOT NULL,
    outcome              text        NOT NULL,
    confidence           real        NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    reasoning            text        NULL,
    metadata             jsonb       NOT NULL DEFAULT '{}',
    completeness_score   real        NOT NULL DEFAULT 0,
    outcome_score        real        NULL,
    precedent_ref        uuid        NULL REFERENCES decisions (id),
    precedent_reason     text        NULL,
    supersedes_id        uuid        NULL REFERENCES decisions (id),
    content_hash         text        NULL,
    valid_from           timestamptz NOT NULL DEFAULT now(),
    valid_to             timestamptz NULL,
    transaction_time     timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now(),
    session_id           uuid        NULL,
    agent_context        jsonb       NULL,
    api_key_id           uuid        NULL,
    tool                 text        NULL,
    model                text        NULL,
    project              text        NULL,
    embedding            real[]      NULL,
    embedding_model      text        NULL,
    embedding_dimensions int         NULL,
    outcome_embedding    real[]      NULL,
    embedded_at          timestamptz NULL,
    embedding_seq        bigint      NULL,
    search_vector        tsvector    GENERATED ALWAYS AS (
                             setweight(to_tsvector('english', coalesce(outcome, '')), 'A') ||
                             setweight(to_tsvector('english', coalesce(decision_type, '')), 'B') ||
                             setweight(to_tsvector('english', coalesce(reasoning, '')), 'C')) STORED,
    CONSTRAINT decisions_valid_range_check CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Ordinary reads see current rows only.
CREATE INDEX decisions_current_org_valid_from_idx ON decisions (org_id, valid_from DESC) WHERE valid_to IS NULL;
CREATE INDEX decisions_current_org_agent_idx ON decisions (org_id, agent_id, valid_from DESC) WHERE valid_to IS NULL;
CREATE INDEX decisions_current_org_type_idx ON decisions (org_id, decision_type, valid_from DESC) WHERE valid_to IS NULL;
CREATE INDEX decisions_run_idx ON decisions (run_id);
-- Revision chains and lineage ("cited by") walk these links backwards.
CREATE INDEX decisions_supersedes_idx ON decisions (supersedes_id) WHERE supersedes_id IS NOT NULL;
CREATE INDEX decisions_precedent_ref_idx ON decisions (precedent_ref) WHERE precedent_ref IS NOT NULL;
-- as_of reads and the integrity batches (created_at in (last batch_end, now]).
CREATE INDEX decisions_org_transaction_time_idx ON decisions (org_id, transaction_time);
CREATE INDEX decisions_org_created_at_idx ON decisions (org_id, created_at);
CREATE UNIQUE INDEX decisions_embedding_seq_key ON decisions (embedding_seq) WHERE embedding_seq IS NOT NULL;
CREATE INDEX decisions_search_vector_idx ON decisions USING gin (search_vector);

CREATE TABLE alternatives (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    decision_id      uuid        NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    org_id           uuid        NOT NULL,
    label            text        NOT NULL,
    rejection_reason text        NULL,
    metadata         jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alternatives_decision_idx ON alternatives (decision_id);

CREATE TABLE evidence (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    decision_id     uuid        NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    org_id          uuid        NOT NULL,
    source_type     text        NOT NULL CHECK (source_type ~ '^[a-z][a-z0-9_]*$'),
    source_uri      text        NULL,
    content         text        NOT NULL,
    relevance_score real        NULL,
    metrics         jsonb       NULL,
    embedding       real[]      NULL,
    embedding_model text        NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX evidence_decision_idx ON evidence (decision_id);
