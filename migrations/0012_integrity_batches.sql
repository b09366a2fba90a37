-- 0012_integrity_batches: what the Merkle batches of integrity_proofs (0005) need (docs/integrity.md).
--
-- integrity_pending is the queue of decisions no batch holds yet: a trigger adds every new decision with a
-- content hash in the transaction that writes it, so a row exists exactly when its decision committed.
-- The batch job (integrity::ProofBatcher) takes an org's rows out of the queue and seals them into one
-- batch. A time window on created_at cannot do that: created_at is the writer's transaction start, so a
-- decision committing after a batch was cut could carry a timestamp inside that batch's window and be
-- skipped for ever, or be counted twice by a window that overlaps. The queue misses nothing and counts
-- nothing twice (proof_leaves.decision_id is unique) whatever order transactions commit in.
--
-- proof_leaves is each batch's leaf set as it was sealed: position in the sorted order, decision and its
-- content hash then. Proofs and re-verification read it rather than the mutable decisions rows, which
-- is what lets a verifier tell a changed decision (leaf differs from the row) from a changed batch (root
-- differs from the leaves). Batches and their leaves are append-only (triggers below).

CREATE TABLE integrity_pending (
    decision_id uuid        PRIMARY KEY REFERENCES decisions (id) ON DELETE CASCADE,
    org_id      uuid        NOT NULL,
    queued_at   timestamptz NOT NULL DEFAULT now()
);

-- The batch job takes one org's oldest rows first.
CREATE INDEX integrity_pending_org_queued_idx ON integrity_pending (org_id, queued_at);

CREATE FUNCTION akashi_queue_integrity_leaf() RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO integrity_pending (decision_id, org_id) VALUES (NEW.id, NEW.org_id);
    RETURN NULL;
END
$function$;

CREATE TRIGGER decisions_integrity_pending AFTER INSERT ON decisions
    FOR EACH ROW WHEN (NEW.content_hash IS NOT NULL AND NEW.content_hash <> '')
    EXECUTE FUNCTION akashi_queue_integrity_leaf();

-- Decisions written before this migration join the first batches.
INSERT INTO integrity_pending (decision_id, org_id, queued_at)
SELECT id, org_id, created_at FROM decisions WHERE content_hash IS NOT NULL AND content_hash <> '';

CREATE TABLE proof_leaves (
    proof_id     uuid NOT NULL REFERENCES integrity_proofs (id),
    org_id       uuid NOT NULL,
    position     int  NOT NULL CHECK (position >= 0),
    decision_id  uuid NOT NULL,
    content_hash text NOT NULL,
    PRIMARY KEY (proof_id, position),
    CONSTRAINT proof_leaves_decision_key UNIQUE (decision_id)
);

CREATE FUNCTION akashi_refuse_integrity_change() RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME
        USING HINT = 'Integrity batches are evidence: they are never updated or deleted.';
END
$function$;

CREATE TRIGGER integrity_proofs_append_only BEFORE UPDATE OR DELETE ON integrity_proofs
    FOR EACH ROW EXECUTE FUNCTION akashi_refuse_integrity_change();
CREATE TRIGGER integrity_proofs_no_truncate BEFORE TRUNCATE ON integrity_proofs
    FOR EACH STATEMENT EXECUTE FUNCTION akashi_refuse_integrity_change();
CREATE TRIGGER proof_leaves_append_only BEFORE UPDATE OR DELETE ON proof_leaves
    FOR EACH ROW EXECUTE FUNCTION akashi_refuse_integrity_change();
CREATE TRIGGER proof_leaves_no_truncate BEFORE TRUNCATE ON proof_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION akashi_refuse_integrity_change();
