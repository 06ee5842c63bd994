-- ReviewCase is a work queue: every claim, assignment and decision updates an indexed column
-- (status, assigneeId), so each leaves a dead index entry at the head of the claim-next index that
-- later claims walk past until VACUUM removes it. The default (20 % of the table, 200,000 dead rows
-- at 1M cases) lets thousands pile up; vacuum this table after every 1,000 changed rows instead.
ALTER TABLE "ReviewCase" SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.02
);
