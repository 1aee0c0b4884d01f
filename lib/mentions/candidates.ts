import "server-only";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { userHandle, type MentionCandidate } from "./index";

/** Who can be mentioned in the thread: its assistants by handle, its people by name. */
export async function mentionCandidates(prisma: PrismaClient | Prisma.TransactionClient, threadId: string): Promise<MentionCandidate[]> {
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
