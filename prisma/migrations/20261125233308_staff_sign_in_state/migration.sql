-- CreateEnum
CREATE TYPE "SignInMethod" AS ENUM ('PASSWORD', 'OIDC');

-- AlterTable
ALTER TABLE "StaffSession" ADD COLUMN     "method" "SignInMethod" NOT NULL DEFAULT 'PASSWORD',
ADD COLUMN     "mfaVerifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "mfaLastStep" INTEGER;
