-- DropIndex
DROP INDEX "ReviewCase_slaDueAt_idx";

-- CreateIndex
CREATE INDEX "ReviewCase_slaDueAt_id_idx" ON "ReviewCase"("slaDueAt", "id");

-- CreateIndex
CREATE INDEX "ReviewCase_priority_slaDueAt_id_idx" ON "ReviewCase"("priority" DESC, "slaDueAt", "id");

-- CreateIndex
CREATE INDEX "ReviewCase_updatedAt_id_idx" ON "ReviewCase"("updatedAt" DESC, "id" DESC);
