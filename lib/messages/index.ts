import "server-only";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { isUniqueViolation } from "../db/errors";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { resolveMentions, userHandle, type Mention, type MentionCandidate } from "../mentions";
import { parseOverrides, queueRunsForMentions } from "../runs";
import type { HistoryMessage } from "../runs/prompt";
import { liveReplies, wakeRunWorkers } from "../runs/signals";
import { canAttach } from "../files/access";
import { FILE_DTO_SELECT, toFileDTO } from "../files/dto";
import { threadStateAllows } from "../access/policy";
import type { MessageDTO, MessagePage } from "./dto";
import { messageContent, postMessageInput } from "./schema";

export const MESSAGE_PAGE_SIZE = 50;

const messageSelect = {
  id: true,
  threadId: true,
  seq: true,
  role: true,
  content: true,
  status: true,
  mentions: true,
  runId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  authorUser: { select: { id: true, name: true, image: true } },
  authorAssistant: { select: { id: true, name: true, handle: true, color: true, avatarUrl: true } },
  files: { orderBy: { createdAt: "asc" }, select: { file: { select: FILE_DTO_SELECT } } },
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function toMessageDTO(row: MessageRow): MessageDTO {
  const { authorUser: user, authorAssistant: assistant } = row;
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    role: row.role,
    author: assistant
      ? { kind: "assistant", id: assistant.id, name: assistant.name, handle: assistant.handle, color: assistant.color, image: assistant.avatarUrl }
      : user
        ? { kind: "user", id: user.id, name: user.name, image: user.image }
        : { kind: "deleted", name: "Deleted user" },
    // A deleted message leaves a trace, not its words.
    content: deleted ? "" : row.content,
    status: row.status,
    mentions: deleted ? [] : (row.mentions as Mention[]),
    runId: row.runId,
    files: deleted ? [] : row.files.map(({ file }) => toFileDTO(file)),
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/** Records that the message was created or changed, for the thread's viewers; returns what they see. */
async function announceMessage(record: RecordEvent, type: "message.created" | "message.updated", row: MessageRow): Promise<MessageDTO> {
  const message = toMessageDTO(row);
  await record(row.threadId, { type, message });
  return message;
}

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

/** Who can be mentioned in the thread: its assistants by handle, its people by name. */
export async function mentionCandidates(prisma: PrismaClient | Tx, threadId: string): Promise<MentionCandidate[]> {
  const thread = await prisma.thread.findUniqueOrThrow({
    where: { id: threadId },
    select: {
      assistants: { select: { assistant: { select: { id: true, handle: true, name: true, deletedAt: true } } } },
      members: { select: { user: { select: { id: true, name: true } } } },
    },
  });
  return [
    ...thread.assistants
      .filter(({ assistant }) => assistant.deletedAt === null)
      .map(({ assistant }) => ({ kind: "assistant" as const, id: assistant.id, handle: assistant.handle, name: assistant.name })),
    ...thread.members.map(({ user }) => ({ kind: "user" as const, id: user.id, handle: userHandle(user.name), name: user.name })),
  ];
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
  if (posted.queued) wakeRunWorkers();
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

/** Replies still being written in the thread, with the text streamed so far. */
export async function repliesInProgress(prisma: PrismaClient, threadId: string): Promise<MessageDTO[]> {
  const rows = await prisma.message.findMany({ where: { threadId, status: "in_progress" }, orderBy: { seq: "asc" }, select: messageSelect });
  return rows.map((row) => ({ ...toMessageDTO(row), content: liveReplies().get(row.id)?.content ?? row.content }));
}
