import "server-only";
import type { PrismaClient } from "../db/generated/client";
import type { RecordEvent, Tx } from "../events/record";
import { resolveMentions } from "../mentions";
import { mentionCandidates } from "../mentions/candidates";
import { announceMessage, messageSelect, toMessageDTO } from "../message-view";
import type { MessageDTO } from "../messages/dto";

// An assistant's reply to a run, from the empty message it starts as to its final text.

// The text of replies being streamed by this process, by message id: fresher than the database,
// which gets it about once a second. On globalThis: see lib/realtime.
const cache = globalThis as typeof globalThis & { __roundtableLiveReplies?: Map<string, string> };

export function liveReplies(): Map<string, string> {
  cache.__roundtableLiveReplies ??= new Map();
  return cache.__roundtableLiveReplies;
}

/** Starts an assistant's reply to a run: an empty message in progress, placed at the end of the thread. */
export async function createAssistantReply(
  tx: Tx,
  record: RecordEvent,
  { threadId, assistantId, runId }: { threadId: string; assistantId: string; runId: string },
): Promise<MessageDTO> {
  const thread = await tx.thread.update({ where: { id: threadId }, data: { lastMessageSeq: { increment: 1 } }, select: { lastMessageSeq: true } });
  const row = await tx.message.create({
    data: { threadId, seq: thread.lastMessageSeq, role: "assistant", authorAssistantId: assistantId, runId, status: "in_progress" },
    select: messageSelect,
  });
  return announceMessage(record, "message.created", row);
}

/** Stores the reply's final text (complete, or as far as it got), with the mentions it makes. */
export async function finishAssistantReply(
  tx: Tx,
  record: RecordEvent,
  { messageId, content, status }: { messageId: string; content: string; status: "completed" | "incomplete" },
): Promise<MessageDTO> {
  const { threadId } = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { threadId: true } });
  const mentions = resolveMentions(content, await mentionCandidates(tx, threadId));
  const row = await tx.message.update({ where: { id: messageId }, data: { content, status, mentions }, select: messageSelect });
  return announceMessage(record, "message.updated", row);
}

/** Replies still being written in the thread, with the text streamed so far. */
export async function repliesInProgress(prisma: PrismaClient, threadId: string): Promise<MessageDTO[]> {
  const rows = await prisma.message.findMany({ where: { threadId, status: "in_progress" }, orderBy: { seq: "asc" }, select: messageSelect });
  return rows.map((row) => ({ ...toMessageDTO(row), content: liveReplies().get(row.id) ?? row.content }));
}
