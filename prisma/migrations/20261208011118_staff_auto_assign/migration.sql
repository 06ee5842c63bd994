-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "autoAssign" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "autoAssignedAt" TIMESTAMP(3);
