-- CreateIndex
CREATE INDEX "OutboundEmail_toAddress_createdAt_idx" ON "OutboundEmail"("toAddress", "createdAt");
