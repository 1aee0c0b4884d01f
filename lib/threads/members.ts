import "server-only";
import type { RecordEvent, Tx } from "../events/record";
import type { ThreadRole } from "./dto";
import { announceThread } from "./index";

/** Adds the person to the thread (announcing it); false if they were already a member. */
export async function joinThread(tx: Tx, record: RecordEvent, threadId: string, userId: string, role: ThreadRole = "member"): Promise<boolean> {
  const existing = await tx.threadMember.findUnique({ where: { threadId_userId: { threadId, userId } }, select: { role: true } });
  if (existing) return false;
  await tx.threadMember.create({ data: { threadId, userId, role } });
  await announceThread(tx, record, threadId);
  return true;
}

/**
 * Removes the member, in the caller's transaction (lib/runs/room.ts calls it, with what it does to
 * their runs); when the last owner goes, the longest-standing member becomes owner. Returns the
 * person's name, or null if they were not a member.
 */
export async function removeMembership(tx: Tx, record: RecordEvent, threadId: string, userId: string): Promise<string | null> {
  const member = await tx.threadMember.findUnique({ where: { threadId_userId: { threadId, userId } }, select: { user: { select: { name: true } } } });
  if (!member) return null;
  const removed = await tx.threadMember.delete({ where: { threadId_userId: { threadId, userId } }, select: { role: true } });
  if (removed.role === "owner" && (await tx.threadMember.count({ where: { threadId, role: "owner" } })) === 0) {
    const successor = await tx.threadMember.findFirst({ where: { threadId }, orderBy: { joinedAt: "asc" }, select: { userId: true } });
    if (successor) await tx.threadMember.update({ where: { threadId_userId: { threadId, userId: successor.userId } }, data: { role: "owner" } });
  }
  await announceThread(tx, record, threadId);
  return member.user.name;
}
