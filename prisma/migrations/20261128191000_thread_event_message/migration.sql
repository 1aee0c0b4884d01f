-- AlterTable
ALTER TABLE "ThreadEvent" ADD COLUMN     "messageId" TEXT;

-- CreateIndex
CREATE INDEX "ThreadEvent_messageId_idx" ON "ThreadEvent"("messageId");

-- CreateIndex
CREATE INDEX "ThreadEvent_threadId_type_seq_idx" ON "ThreadEvent"("threadId", "type", "seq");


-- Events already stored name their message.
UPDATE "ThreadEvent" SET "messageId" = "data"->'message'->>'id' WHERE "data" ? 'message';

-- And lose the words that were deleted or edited before this migration.
UPDATE "ThreadEvent" AS e
SET "data" = jsonb_set(
  jsonb_set(jsonb_set(e."data", '{message,content}', to_jsonb(m."content")), '{message,mentions}', m."mentions"),
  '{message,files}',
  CASE WHEN m."deletedAt" IS NULL THEN COALESCE(e."data"->'message'->'files', '[]'::jsonb) ELSE '[]'::jsonb END
)
FROM "Message" AS m
WHERE e."messageId" = m."id" AND (m."deletedAt" IS NOT NULL OR m."editedAt" IS NOT NULL);
