-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "note" TEXT,
ADD COLUMN     "retriedByUserId" TEXT,
ADD COLUMN     "retryOfId" TEXT,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "Run_retryOfId_key" ON "Run"("retryOfId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_retriedByUserId_fkey" FOREIGN KEY ("retriedByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

