-- Decision lists are ordered by valid_from with the row id as tie-break (stable paging). The current-row
-- indexes of 0003 stop at valid_from, so PostgreSQL had to sort: before the planner has statistics on a
-- fresh table it read every match and sorted them all (a 20-row page over 10k matches took 13 ms instead
-- of 0.3 ms). With the id in the index the page is read in order whatever the statistics say.

DROP INDEX decisions_current_org_valid_from_idx;
DROP INDEX decisions_current_org_agent_idx;
DROP INDEX decisions_current_org_type_idx;

CREATE INDEX decisions_current_org_valid_from_idx ON decisions (org_id, valid_from DESC, id DESC)
    WHERE valid_to IS NULL;
CREATE INDEX decisions_current_org_agent_idx ON decisions (org_id, agent_id, valid_from DESC, id DESC)
    WHERE valid_to IS NULL;
CREATE INDEX decisions_current_org_type_idx ON decisions (org_id, decision_type, valid_from DESC, id DESC)
    WHERE valid_to IS NULL;
