-- AlterTable
ALTER TABLE "ThreadInvite" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "declinedAt" TIMESTAMP(3),
ADD COLUMN     "mailedAt" TIMESTAMP(3);

