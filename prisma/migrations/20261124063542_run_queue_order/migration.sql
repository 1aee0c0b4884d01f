-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "queueOrder" SERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Run_queueOrder_key" ON "Run"("queueOrder");

