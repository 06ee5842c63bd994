-- AlterTable
ALTER TABLE "ApprovalRequest" ADD COLUMN     "decisionNote" TEXT;

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "decisionNote" TEXT;
