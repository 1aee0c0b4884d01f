import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents, type Tx } from "../events/record";
import { NotFoundError, ValidationError } from "../errors";
import { emailAddress } from "../mail/address";
import { joinThread } from "../threads/members";
import type { InvitationDTO } from "./dto";
import { usableInvite } from "./usable";

const INVALID_INVITE = "This invite link is not valid any more. Ask a member of the thread for a new one.";

async function findUsable(prisma: PrismaClient | Tx, token: string) {
  const invite = await prisma.threadInvite.findFirst({
    where: { token, ...usableInvite() },
    select: { id: true, threadId: true, email: true, mailedAt: true, thread: { select: { title: true } }, createdBy: { select: { name: true } } },
  });
  if (!invite) throw new NotFoundError(INVALID_INVITE);
  return invite;
}

/** What the invite page shows before someone answers. `email` is set for a personal invite (answered once). */
export async function describeInvite(prisma: PrismaClient, { token, userId }: { token: string; userId: string }) {
  const invite = await findUsable(prisma, token);
  const member = await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: invite.threadId, userId } } });
  return { threadId: invite.threadId, title: invite.thread.title, invitedBy: invite.createdBy?.name ?? null, email: invite.email, alreadyMember: Boolean(member) };
}

/**
 * Joins the person to the invite's thread. The token is the proof: a shareable link works for
 * anyone until revoked; a personal invite works once. Opening a mailed link also proves that its
 * address is the person's, if it is their account's.
 */
export async function acceptInvite(prisma: PrismaClient, { token, userId }: { token: string; userId: string }): Promise<string> {
  return withThreadEvents(prisma, async (tx, record) => {
    const invite = await findUsable(tx, token);
    if (invite.email) {
      // Conditional on still being usable, so that two answers at once count once.
      const { count } = await tx.threadInvite.updateMany({ where: { id: invite.id, ...usableInvite() }, data: { acceptedAt: new Date() } });
      if (count === 0) throw new NotFoundError(INVALID_INVITE);
      if (invite.mailedAt) await tx.user.updateMany({ where: { id: userId, email: invite.email, emailVerified: null }, data: { emailVerified: new Date() } });
    }
    await joinThread(tx, record, invite.threadId, userId);
    return invite.threadId;
  });
}

/** Says no to a personal invite: it can no longer be used, and leaves the invitee's and the thread's lists. */
export async function declineInvite(prisma: PrismaClient, { token }: { token: string }): Promise<void> {
  const invite = await findUsable(prisma, token);
  if (!invite.email) throw new ValidationError("A shared invite link cannot be declined: simply do not join.");
  const { count } = await prisma.threadInvite.updateMany({ where: { id: invite.id, ...usableInvite() }, data: { declinedAt: new Date() } });
  if (count === 0) throw new NotFoundError(INVALID_INVITE);
}

/**
 * Invitations waiting for the person's answer in the app. Only for a verified address: sign-up
 * does not check that an address is the person's, so an unverified account would otherwise see
 * (and take) invitations meant for whoever really owns it.
 */
export async function listInvitationsFor(prisma: PrismaClient, { userId }: { userId: string }): Promise<InvitationDTO[]> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  if (!user?.emailVerified) return [];
  const invites = await prisma.threadInvite.findMany({
    where: { email: user.email, ...usableInvite(), thread: { members: { none: { userId } } } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, token: true, createdAt: true, thread: { select: { title: true } }, createdBy: { select: { name: true } } },
  });
  return invites.map((invite) => ({
    id: invite.id,
    token: invite.token,
    threadTitle: invite.thread.title,
    invitedBy: invite.createdBy?.name ?? null,
    createdAt: invite.createdAt.toISOString(),
  }));
}

/**
 * For an invite-only sign-up: whether the person arrives with a usable invite token, or their
 * address holds a usable personal invite. (Signing up grants no thread: the invite is still
 * answered through its link, or in the app once the address is verified.)
 */
export async function hasUsableInvite(prisma: PrismaClient, { email, token }: { email?: string | null; token?: string | null }): Promise<boolean> {
  const address = emailAddress.safeParse(email ?? "");
  const or = [...(token ? [{ token }] : []), ...(address.success ? [{ email: address.data }] : [])];
  if (or.length === 0) return false;
  const found = await prisma.threadInvite.findFirst({ where: { AND: [usableInvite(), { OR: or }] }, select: { id: true } });
  return Boolean(found);
}
