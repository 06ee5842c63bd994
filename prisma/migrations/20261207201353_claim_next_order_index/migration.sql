-- CreateIndex
CREATE INDEX "ReviewCase_status_priority_slaDueAt_id_idx" ON "ReviewCase"("status", "priority" DESC, "slaDueAt", "id");
