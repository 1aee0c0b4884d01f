import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { threadStateAllows } from "../access/policy";
import { isUniqueViolation } from "../db/errors";
import { withThreadEvents, type Tx } from "../events/record";
import { ConflictError, ValidationError } from "../errors";
import { canAttach } from "../files/access";
import { resolveMentions } from "../mentions";
import { mentionCandidates } from "../mentions/candidates";
import { announceMessage, messageSelect, toMessageDTO } from "../message-view";
import { parseOverrides, queueRunsForMentions } from "../runs";
import { wakeRunWorkers } from "../runs/control";
import type { MessageDTO, MessagePage } from "./dto";
import { messageContent, postMessageInput } from "./schema";

export const MESSAGE_PAGE_SIZE = 50;

/** A page of a thread's messages, oldest first: the latest page, or the one before `beforeSeq`. */
export async function listMessages(
  prisma: PrismaClient,
  { threadId, beforeSeq, limit = MESSAGE_PAGE_SIZE }: { threadId: string; beforeSeq?: number; limit?: number },
): Promise<MessagePage> {
  const take = Math.min(Math.max(Math.trunc(limit) || MESSAGE_PAGE_SIZE, 1), 200);
  const rows = await prisma.message.findMany({
    where: { threadId, ...(beforeSeq ? { seq: { lt: beforeSeq } } : {}) },
    select: messageSelect,
    orderBy: { seq: "desc" },
    take: take + 1,
  });
  return { messages: rows.slice(0, take).reverse().map(toMessageDTO), hasMore: rows.length > take };
}

/**
 * Posts a person's message. Its sequence number comes from the thread's row, locked for the
 * transaction, so concurrent posts get one total order. Mentions are resolved here, against the
 * thread's assistants and members, and stored as data; each mentioned assistant gets a run, queued
 * in mention order with the message's run options.
 */
export async function postMessage(
  prisma: PrismaClient,
  {
    userId,
    threadId,
    content,
    clientId,
    runOptions,
    fileIds,
  }: { userId: string; threadId: string; content: unknown; clientId?: unknown; runOptions?: unknown; fileIds?: unknown },
): Promise<MessageDTO> {
  const parsed = postMessageInput.safeParse({ content, clientId, fileIds });
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid message.");
  const input = parsed.data;
  const overrides = parseOverrides(runOptions);

  const stored = await storedPost(prisma, { userId, threadId, clientId: input.clientId });
  if (stored) return stored;

  const posted = await withThreadEvents(prisma, async (tx, record) => {
    const thread = await tx.thread.update({
      where: { id: threadId },
      // A person speaking ends any chain of assistants handing off to each other.
      data: { lastMessageSeq: { increment: 1 }, assistantChainLength: 0 },
      select: { lastMessageSeq: true, archivedAt: true },
    });
    // Checked again under the thread's row lock: an archive that committed since the request was authorised wins.
    if (!threadStateAllows("message.post", { archived: thread.archivedAt !== null })) throw new ConflictError("This thread is archived. Unarchive it to post.");
    const mentions = resolveMentions(input.content, await mentionCandidates(tx, threadId));
    const attached = await attachableFiles(tx, { userId, fileIds: input.fileIds });
    const row = await tx.message.create({
      data: {
        threadId,
        seq: thread.lastMessageSeq,
        role: "user",
        authorUserId: userId,
        content: input.content,
        mentions,
        clientId: input.clientId,
        files: { create: attached.map((fileId) => ({ fileId })) },
      },
      select: messageSelect,
    });
    const message = await announceMessage(record, "message.created", row);
    const runs = await queueRunsForMentions(tx, record, { threadId, messageId: message.id, mentions, startedByUserId: userId, overrides });
    return { message, queued: runs.length > 0 };
  }).catch(async (error: unknown) => {
    // The same post racing itself: the other attempt stored it first.
    const raced = isUniqueViolation(error) ? await storedPost(prisma, { userId, threadId, clientId: input.clientId }) : null;
    if (raced) return { message: raced, queued: false };
    throw error;
  });
  if (posted.queued) await wakeRunWorkers();
  return posted.message;
}

/** The person's message already stored under this client id (a resent post), if any. */
async function storedPost(prisma: PrismaClient, { userId, threadId, clientId }: { userId: string; threadId: string; clientId?: string }): Promise<MessageDTO | null> {
  if (!clientId) return null;
  const existing = await prisma.message.findUnique({ where: { threadId_clientId: { threadId, clientId } }, select: messageSelect });
  if (!existing) return null;
  // Client ids are chosen by clients: someone else's is a conflict, never a way to read their message.
  if (existing.authorUser?.id !== userId) throw new ConflictError("That message id is already used. Reload and send again.");
  return toMessageDTO(existing);
}

/** The files to attach, once each, if this person may attach every one (lib/files/access.ts). */
async function attachableFiles(tx: Tx, { userId, fileIds }: { userId: string; fileIds: string[] }): Promise<string[]> {
  if (!(await canAttach(tx, { userId, fileIds }))) throw new ValidationError("Some of those files do not exist, or you may not attach them.");
  return [...new Set(fileIds)];
}

/** A message that can still be changed (its author and thread were checked by the permission layer). */
async function changeableMessage(tx: Tx, messageId: string) {
  const message = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { threadId: true, deletedAt: true } });
  if (message.deletedAt) throw new ConflictError("That message was deleted.");
  return message;
}

export async function editMessage(
  prisma: PrismaClient,
  { messageId, content }: { messageId: string; content: unknown },
): Promise<MessageDTO> {
  const parsed = messageContent.safeParse(content);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid message.");
  return withThreadEvents(prisma, async (tx, record) => {
    const { threadId } = await changeableMessage(tx, messageId);
    const mentions = resolveMentions(parsed.data, await mentionCandidates(tx, threadId));
    const row = await tx.message.update({
      where: { id: messageId },
      data: { content: parsed.data, mentions, editedAt: new Date() },
      select: messageSelect,
    });
    return announceMessage(record, "message.updated", row);
  });
}

export async function deleteMessage(prisma: PrismaClient, { messageId }: { messageId: string }): Promise<MessageDTO> {
  return withThreadEvents(prisma, async (tx, record) => {
    await changeableMessage(tx, messageId);
    // The words go; the row stays as a visible trace and keeps the thread's numbering.
    const row = await tx.message.update({
      where: { id: messageId },
      data: { content: "", mentions: [], deletedAt: new Date() },
      select: messageSelect,
    });
    return announceMessage(record, "message.updated", row);
  });
}
