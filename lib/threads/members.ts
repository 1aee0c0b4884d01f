import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { NotFoundError, ValidationError } from "../errors";
import type { ThreadDTO, ThreadRole } from "./dto";
import { announceThread, threadDTO } from "./index";

/** Adds the person to the thread (announcing it); false if they were already a member. */
export async function joinThread(tx: Tx, record: RecordEvent, threadId: string, userId: string, role: ThreadRole = "member"): Promise<boolean> {
  const existing = await tx.threadMember.findUnique({ where: { threadId_userId: { threadId, userId } }, select: { role: true } });
  if (existing) return false;
  await tx.threadMember.create({ data: { threadId, userId, role } });
  await announceThread(tx, record, threadId);
  return true;
}

/** Removes the member; when the last owner goes, the longest-standing member becomes owner. */
async function removeMembership(tx: Tx, record: RecordEvent, threadId: string, userId: string): Promise<void> {
  const removed = await tx.threadMember.delete({ where: { threadId_userId: { threadId, userId } }, select: { role: true } });
  if (removed.role === "owner" && (await tx.threadMember.count({ where: { threadId, role: "owner" } })) === 0) {
    const successor = await tx.threadMember.findFirst({ where: { threadId }, orderBy: { joinedAt: "asc" }, select: { userId: true } });
    if (successor) await tx.threadMember.update({ where: { threadId_userId: { threadId, userId: successor.userId } }, data: { role: "owner" } });
  }
  await announceThread(tx, record, threadId);
}

export async function leaveThread(prisma: PrismaClient, { userId, threadId }: { userId: string; threadId: string }): Promise<void> {
  await withThreadEvents(prisma, async (tx, record) => {
    await removeMembership(tx, record, threadId, userId);
  });
}

export async function removeMember(
  prisma: PrismaClient,
  { userId, threadId, memberId }: { userId: string; threadId: string; memberId: string },
): Promise<ThreadDTO> {
  if (memberId === userId) throw new ValidationError("To remove yourself, leave the thread.");
  return withThreadEvents(prisma, async (tx, record) => {
    const member = await tx.threadMember.findUnique({ where: { threadId_userId: { threadId, userId: memberId } } });
    if (!member) throw new NotFoundError("That person is not a member of this thread.");
    await removeMembership(tx, record, threadId, memberId);
    return threadDTO(tx, threadId);
  });
}
