-- CreateIndex
CREATE INDEX "InboundEmail_receivedAt_id_idx" ON "InboundEmail"("receivedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "OutboundEmail_inReplyToId_idx" ON "OutboundEmail"("inReplyToId");
