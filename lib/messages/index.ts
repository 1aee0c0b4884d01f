import type { PrismaClient } from "../db/generated/client";
import { getThreadForMember } from "../threads";

export const MESSAGE_PAGE_SIZE = 50;

const messageView = {
  id: true,
  seq: true,
  role: true,
  content: true,
  status: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  authorUser: { select: { id: true, name: true, image: true } },
  authorAssistant: { select: { id: true, name: true, handle: true, color: true, avatarUrl: true } },
} as const;

/** The latest page of a thread's messages (or the page before `beforeSeq`), oldest first. */
export async function listMessages(
  prisma: PrismaClient,
  { threadId, userId, beforeSeq, limit = MESSAGE_PAGE_SIZE }: { threadId: string; userId: string; beforeSeq?: number; limit?: number },
) {
  await getThreadForMember(prisma, { threadId, userId });
  const page = await prisma.message.findMany({
    where: { threadId, ...(beforeSeq ? { seq: { lt: beforeSeq } } : {}) },
    select: messageView,
    orderBy: { seq: "desc" },
    take: Math.min(Math.max(limit, 1), 200),
  });
  return page.reverse().map((message) => (message.deletedAt ? { ...message, content: "" } : message));
}
export type MessageView = Awaited<ReturnType<typeof listMessages>>[number];
