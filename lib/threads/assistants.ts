import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents } from "../events/record";
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

export async function removeAssistantFromThread(
  prisma: PrismaClient,
  { threadId, assistantId }: { threadId: string; assistantId: string },
): Promise<ThreadDTO> {
  return withThreadEvents(prisma, async (tx, record) => {
    const { count } = await tx.threadAssistant.deleteMany({ where: { threadId, assistantId } });
    if (count === 0) throw new NotFoundError("That assistant is not in this thread.");
    return announceThread(tx, record, threadId);
  });
}

/** Assistants that could join the thread (all usable assistants not in it yet). */
export async function listAddableAssistants(prisma: PrismaClient, { threadId }: { threadId: string }) {
  return prisma.assistant.findMany({
    where: { deletedAt: null, threads: { none: { threadId } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, handle: true },
  });
}
