-- AlterTable
ALTER TABLE "InboundEmail" ADD COLUMN     "rawContentType" TEXT;
