-- Open cases are exactly the undecided ones: decidedAt is set on APPROVED and REJECTED cases and on
-- no other (decisions set it, reopening clears it). The queue's views filter on "decidedAt" IS NULL /
-- IS NOT NULL, which the partial indexes below are built on, so this rule is what keeps those views
-- complete. A trigger, not a CHECK constraint: Prisma 7.10's schema engine (wasm) panics diffing any
-- CHECK constraint, which would break `npm run db:migrate:check` and `db:migrate:new`.
-- A new CaseStatus value must be placed on one side here.
CREATE FUNCTION review_case_decided_consistency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.status IN ('APPROVED', 'REJECTED')) IS DISTINCT FROM (NEW."decidedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'ReviewCase %: decidedAt must be set exactly when the case is decided (status %, decidedAt %)',
      NEW.id, NEW.status, coalesce(NEW."decidedAt"::text, 'null')
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER review_case_decided_consistency
  BEFORE INSERT OR UPDATE OF status, "decidedAt" ON "ReviewCase"
  FOR EACH ROW EXECUTE FUNCTION review_case_decided_consistency();

-- CreateIndex
CREATE INDEX "ReviewCase_open_urgency_idx" ON "ReviewCase"("priority" DESC, "slaDueAt", "id") WHERE ("decidedAt" IS NULL);

-- CreateIndex
CREATE INDEX "ReviewCase_open_assignee_urgency_idx" ON "ReviewCase"("assigneeId", "priority" DESC, "slaDueAt", "id") WHERE ("decidedAt" IS NULL);

-- CreateIndex
CREATE INDEX "ReviewCase_open_sla_idx" ON "ReviewCase"("slaDueAt", "id") WHERE ("decidedAt" IS NULL);

-- CreateIndex
CREATE INDEX "ReviewCase_decided_updated_idx" ON "ReviewCase"("updatedAt" DESC, "id" DESC) WHERE ("decidedAt" IS NOT NULL);
