import "server-only";
import type { PrismaClient } from "../db/generated/client";
import type { HistoryMessage } from "./prompt";

/** The thread as the model reads it: the latest messages with their authors and attached file names, oldest first. */
export async function threadHistory(
  prisma: PrismaClient,
  { threadId, excludeMessageId, limit = 200 }: { threadId: string; excludeMessageId?: string; limit?: number },
): Promise<HistoryMessage[]> {
  const rows = await prisma.message.findMany({
    // Replies that never finished (failed, cancelled, still streaming) are not part of the conversation.
    where: { threadId, deletedAt: null, status: "completed", id: excludeMessageId ? { not: excludeMessageId } : undefined, content: { not: "" } },
    orderBy: { seq: "desc" },
    take: limit,
    select: {
      id: true,
      content: true,
      authorUser: { select: { id: true, name: true } },
      authorAssistant: { select: { id: true, name: true } },
      files: { select: { file: { select: { name: true } } } },
    },
  });
  return rows.reverse().map((row) => ({
    id: row.id,
    author: row.authorAssistant
      ? { kind: "assistant" as const, id: row.authorAssistant.id, name: row.authorAssistant.name }
      : { kind: "user" as const, id: row.authorUser?.id ?? "", name: row.authorUser?.name ?? "Deleted user" },
    content: row.content,
    files: row.files.map(({ file }) => file.name),
  }));
}
