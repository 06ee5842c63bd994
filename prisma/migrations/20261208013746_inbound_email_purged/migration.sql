-- AlterTable
ALTER TABLE "InboundEmail" ADD COLUMN     "purgedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "InboundEmail_rawKey_idx" ON "InboundEmail"("rawKey");
