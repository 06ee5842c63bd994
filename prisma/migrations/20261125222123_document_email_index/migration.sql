-- CreateIndex
CREATE INDEX "Document_inboundEmailId_idx" ON "Document"("inboundEmailId");
