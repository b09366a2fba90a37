-- 0005_operations: replay safety, tamper evidence and the audit trail of destructive operations.
-- idempotency_keys stores the response of a write made with an Idempotency-Key (cleaned up by age and
-- status), integrity_proofs the Merkle root of each batch of decisions, chained through previous_root,
-- and deletion_audit_log a copy of every row a destructive admin operation removed.

CREATE TABLE idempotency_keys (
    org_id          uuid        NOT NULL,
    agent_id        text        NOT NULL,
    endpoint        text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('in_progress', 'completed')),
    status_code     int         NULL,
    response_data   jsonb       NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, agent_id, endpoint, idempotency_key)
);

-- The hourly cleanup: completed and abandoned in-progress keys by age.
CREATE INDEX idempotency_keys_status_updated_idx ON idempotency_keys (status, updated_at);

CREATE TABLE integrity_proofs (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id         uuid        NOT NULL,
    batch_start    timestamptz NOT NULL,
    batch_end      timestamptz NOT NULL,
    decision_count int         NOT NULL,
    root_hash      text        NOT NULL,
    previous_root  text        NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integrity_proofs_batch_range_check CHECK (batch_end >= batch_start)
);

-- The next batch starts where the org's latest one ended.
CREATE INDEX integrity_proofs_org_batch_end_idx ON integrity_proofs (org_id, batch_end DESC);

CREATE TABLE deletion_audit_log (
    id          bigserial   PRIMARY KEY,
    org_id      uuid        NOT NULL,
    operation   text        NOT NULL,
    table_name  text        NOT NULL,
    record_id   text        NOT NULL,
    record_data jsonb       NOT NULL,
    deleted_by  text        NOT NULL,
    reason      text        NULL,
    deleted_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX deletion_audit_log_org_deleted_idx ON deletion_audit_log (org_id, deleted_at);
