-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "idConflictAccountId" UUID,
ADD COLUMN     "securityItems" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);
