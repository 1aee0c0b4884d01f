import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { NotFoundError, parseInput } from "../errors";
import type { ThreadDTO } from "./dto";
import { threadTitle } from "./schema";

export type ThreadSummary = { id: string; title: string; archivedAt: Date | null; updatedAt: Date };

/** The threads the user is a member of, most recently active first. */
export async function listThreadsForUser(
  prisma: PrismaClient,
  { userId, archived = false }: { userId: string; archived?: boolean },
): Promise<ThreadSummary[]> {
  return prisma.thread.findMany({
    where: { members: { some: { userId } }, archivedAt: archived ? { not: null } : null },
    select: { id: true, title: true, archivedAt: true, updatedAt: true },
    orderBy: { updatedAt: "desc" },
  });
}

/** The thread as its members see it: title, people (oldest first) and assistants. */
export async function threadDTO(prisma: PrismaClient | Tx, threadId: string): Promise<ThreadDTO> {
  const thread = await prisma.thread.findUnique({
    where: { id: threadId },
    select: {
      id: true,
      title: true,
      archivedAt: true,
      members: { orderBy: { joinedAt: "asc" }, select: { role: true, user: { select: { id: true, name: true, email: true, image: true } } } },
      assistants: {
        orderBy: { addedAt: "asc" },
        select: { assistant: { select: { id: true, name: true, handle: true, color: true, avatarUrl: true, description: true } } },
      },
    },
  });
  if (!thread) throw new NotFoundError("This thread does not exist.");
  return {
    id: thread.id,
    title: thread.title,
    archivedAt: thread.archivedAt?.toISOString() ?? null,
    members: thread.members.map(({ role, user }) => ({ ...user, role })),
    assistants: thread.assistants.map(({ assistant: { avatarUrl, ...assistant } }) => ({ ...assistant, image: avatarUrl })),
  };
}

/** The thread and where its event stream stands. */
export async function getThread(prisma: PrismaClient, { threadId }: { threadId: string }) {
  const [thread, counters] = await Promise.all([
    threadDTO(prisma, threadId),
    prisma.thread.findUniqueOrThrow({ where: { id: threadId }, select: { lastEventSeq: true } }),
  ]);
  return { thread, lastEventSeq: counters.lastEventSeq };
}

/** Tells the thread's viewers what it looks like now (title, people, assistants). */
export async function announceThread(tx: Tx, record: RecordEvent, threadId: string): Promise<ThreadDTO> {
  const thread = await threadDTO(tx, threadId);
  await record(threadId, { type: "thread.updated", thread });
  return thread;
}

export async function createThread(prisma: PrismaClient, { userId, title }: { userId: string; title: unknown }): Promise<ThreadDTO> {
  const data = { title: parseInput(threadTitle, title), createdById: userId, members: { create: { userId, role: "owner" as const } } };
  const thread = await prisma.thread.create({ data, select: { id: true } });
  return threadDTO(prisma, thread.id);
}

export async function renameThread(prisma: PrismaClient, { threadId, title }: { threadId: string; title: unknown }) {
  const newTitle = parseInput(threadTitle, title);
  return withThreadEvents(prisma, async (tx, record) => {
    await tx.thread.update({ where: { id: threadId }, data: { title: newTitle } });
    return announceThread(tx, record, threadId);
  });
}

/**
 * Archives or unarchives the thread, in the caller's transaction. What that does to the thread's
 * runs is decided in lib/runs/room.ts, which is what the app calls.
 */
export async function setArchived(tx: Tx, record: RecordEvent, { threadId, archived }: { threadId: string; archived: boolean }): Promise<ThreadDTO> {
  await tx.thread.update({ where: { id: threadId }, data: { archivedAt: archived ? new Date() : null } });
  return announceThread(tx, record, threadId);
}
