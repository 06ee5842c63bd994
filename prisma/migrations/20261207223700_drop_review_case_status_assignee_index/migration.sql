-- Superseded by the partial indexes over open cases (migration 20261207212916): the queue's views by
-- status and assignee now read ReviewCase_open_assignee_urgency_idx, claim-next reads
-- (status, priority DESC, slaDueAt, id). One index fewer for every claim and decision to maintain.
DROP INDEX "ReviewCase_status_assigneeId_priority_slaDueAt_idx";
