import type { PrismaClient } from "../db/generated/client";
import type { Tx } from "../events/record";
import { ForbiddenError, NotFoundError } from "../errors";
import type { ThreadRole } from "./dto";

/** What each role may do in a thread. Authors alone edit and delete their own messages. */
const PERMISSIONS = {
  "thread.read": ["owner", "member"],
  "thread.post": ["owner", "member"],
  "thread.rename": ["owner", "member"],
  "thread.invite": ["owner", "member"],
  "thread.manageAssistants": ["owner", "member"],
  "thread.archive": ["owner"],
  "thread.removeMember": ["owner"],
  "thread.revokeInvite": ["owner"],
} as const satisfies Record<string, readonly ThreadRole[]>;

export type ThreadPermission = keyof typeof PERMISSIONS;

export function can(role: ThreadRole, permission: ThreadPermission): boolean {
  return (PERMISSIONS[permission] as readonly ThreadRole[]).includes(role);
}

export const THREAD_NOT_FOUND = "This thread does not exist, or you are not a member of it.";

/**
 * The member's role, if they may do this. Non-members get NotFoundError, exactly as for a thread
 * that does not exist, so that nobody learns which threads exist.
 */
export async function requireThreadPermission(
  prisma: PrismaClient | Tx,
  { threadId, userId, permission }: { threadId: string; userId: string; permission: ThreadPermission },
): Promise<{ role: ThreadRole; archived: boolean }> {
  const member = await prisma.threadMember.findUnique({
    where: { threadId_userId: { threadId, userId } },
    select: { role: true, thread: { select: { archivedAt: true } } },
  });
  if (!member) throw new NotFoundError(THREAD_NOT_FOUND);
  if (!can(member.role, permission)) throw new ForbiddenError("Only the thread's owner can do that.");
  return { role: member.role, archived: member.thread.archivedAt !== null };
}
