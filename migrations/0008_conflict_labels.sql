-- 0008_conflict_labels: the ground-truth label a conflict marked false_positive carries (PATCH
-- /v1/conflicts/{id}, reference §6): unrelated_false_positive (the decisions are about different things)
-- or related_not_contradicting (same topic, compatible outcomes). It is what a detector's per-type
-- false-positive history learns from, so it lives in its own column rather than inside resolution_note,
-- and only a false_positive conflict may carry one.

ALTER TABLE scored_conflicts
    ADD COLUMN false_positive_label text NULL
        CONSTRAINT scored_conflicts_false_positive_label_check
        CHECK (false_positive_label IN ('unrelated_false_positive', 'related_not_contradicting')),
    ADD CONSTRAINT scored_conflicts_false_positive_label_status_check
        CHECK (false_positive_label IS NULL OR status = 'false_positive');
