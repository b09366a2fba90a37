-- 0011_assessment_stream_event: an assessment (0010) is announced on the akashi_decisions stream as the
-- reference HEAD does: {"source":"assess", decision_id, org_id}, plus the assessed decision's agent_id
-- so SSE subscribers that may not see that agent do not receive it (stream events are filtered by
-- the agents they reveal). Written by a trigger in the assessment's transaction, like 0009's events.

CREATE FUNCTION akashi_stream_assessment() RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO stream_events (org_id, channel, payload)
    SELECT NEW.org_id, 'akashi_decisions',
           json_strip_nulls(json_build_object('source', 'assess', 'decision_id', NEW.decision_id,
                                              'org_id', NEW.org_id, 'agent_id', d.agent_id))::text
    FROM decisions d
    WHERE d.id = NEW.decision_id AND d.org_id = NEW.org_id;
    RETURN NULL;
END
$function$;

CREATE TRIGGER decision_assessments_stream_event AFTER INSERT ON decision_assessments
    FOR EACH ROW EXECUTE FUNCTION akashi_stream_assessment();
