import type { PrismaClient } from "../db/generated/client";
import { NotFoundError } from "../errors";

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

/**
 * The thread, if the user is a member. Non-members get NotFoundError, exactly as for a thread
 * that does not exist, so that nobody learns which threads exist.
 */
export async function getThreadForMember(prisma: PrismaClient, { threadId, userId }: { threadId: string; userId: string }) {
  const thread = await prisma.thread.findFirst({
    where: { id: threadId, members: { some: { userId } } },
    select: {
      id: true,
      title: true,
      archivedAt: true,
      createdAt: true,
      members: { select: { role: true, user: { select: { id: true, name: true, image: true } } }, orderBy: { joinedAt: "asc" } },
      assistants: { select: { assistant: { select: { id: true, name: true, handle: true, color: true, avatarUrl: true } } } },
    },
  });
  if (!thread) throw new NotFoundError("This thread does not exist, or you are not a member of it.");
  const role = thread.members.find((member) => member.user.id === userId)!.role;
  return { ...thread, role };
}
