import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { ConflictError, NotFoundError } from "../errors";
import type { ThreadDTO } from "./dto";
import { announceThread } from "./index";

export async function addAssistantToThread(
  prisma: PrismaClient,
  { userId, threadId, assistantId }: { userId: string; threadId: string; assistantId: string },
): Promise<ThreadDTO> {
  return withThreadEvents(prisma, async (tx, record) => {
    const assistant = await tx.assistant.findFirst({ where: { id: assistantId, deletedAt: null }, select: { id: true } });
    if (!assistant) throw new NotFoundError("That assistant does not exist.");
    const existing = await tx.threadAssistant.findUnique({ where: { threadId_assistantId: { threadId, assistantId } } });
    if (existing) throw new ConflictError("That assistant is already in this thread.");
    await tx.threadAssistant.create({ data: { threadId, assistantId, addedById: userId } });
    return announceThread(tx, record, threadId);
  });
}

/** Takes the assistant out of the thread, in the caller's transaction (see lib/runs/room.ts); returns its name. */
export async function removeThreadAssistant(tx: Tx, record: RecordEvent, { threadId, assistantId }: { threadId: string; assistantId: string }): Promise<string> {
  const link = await tx.threadAssistant.findUnique({ where: { threadId_assistantId: { threadId, assistantId } }, select: { assistant: { select: { name: true } } } });
  if (!link) throw new NotFoundError("That assistant is not in this thread.");
  await tx.threadAssistant.delete({ where: { threadId_assistantId: { threadId, assistantId } } });
  await announceThread(tx, record, threadId);
  return link.assistant.name;
}

/** Assistants that could join the thread (all usable assistants not in it yet). */
export async function listAddableAssistants(prisma: PrismaClient, { threadId }: { threadId: string }) {
  return prisma.assistant.findMany({
    where: { deletedAt: null, threads: { none: { threadId } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, handle: true },
  });
}
