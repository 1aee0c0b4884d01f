import "server-only";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { NotFoundError, parseInput } from "../errors";
import { mailer as configuredMailer, type Mailer } from "../mail";
import { emailAddress } from "../mail/address";
import type { InviteDTO, InviteOutcome } from "./dto";
import { invitationMail } from "./mail";
import { usableInvite } from "./usable";

export { acceptInvite, declineInvite, describeInvite, hasUsableInvite, listInvitationsFor } from "./answer";

/** How long a personal (emailed) invite can be used. */
const PERSONAL_INVITE_DAYS = 14;

function inviteToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The invite page a token opens. */
function inviteLink(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/invite/${token}`;
}

/** The token of an invite page's path (`/invite/<token>`), such as where sign-up sends someone back to. */
export function inviteTokenInPath(path: string): string | null {
  return /^\/invite\/([A-Za-z0-9_-]{1,100})$/.exec(path)?.[1] ?? null;
}

/**
 * Invites an address. Nobody joins here: an invite is honoured only for whoever opens its personal
 * link (mailed to the address when mail is set up, else passed on by the inviter) or, in the app,
 * for the account whose verified address it is. The answer never says whether the address has an
 * account. `appUrl` is asked only when a mail goes out.
 */
export async function inviteByEmail(
  prisma: PrismaClient,
  { userId, threadId, email, appUrl }: { userId: string; threadId: string; email: unknown; appUrl: () => Promise<string> },
  mailer: Mailer | null = configuredMailer(),
): Promise<InviteOutcome> {
  const address = parseInput(emailAddress, email);
  // Members are listed with their addresses in the thread already: saying so reveals nothing new.
  if (await prisma.threadMember.findFirst({ where: { threadId, user: { email: address } }, select: { userId: true } })) {
    return { status: "already_member", email: address };
  }
  const invite =
    (await prisma.threadInvite.findFirst({ where: { threadId, email: address, ...usableInvite() }, orderBy: { createdAt: "desc" } })) ??
    (await prisma.threadInvite.create({
      data: { threadId, email: address, token: inviteToken(), createdById: userId, expiresAt: new Date(Date.now() + PERSONAL_INVITE_DAYS * 86_400_000) },
    }));
  // Inviting again does not mail again (that would let a member flood an inbox), unless the last mail failed.
  if (invite.mailedAt) return { status: "invited", email: address, delivery: "mail" };
  if (!mailer) return { status: "invited", email: address, delivery: "link", token: invite.token, mailFailed: false };
  try {
    const [thread, inviter] = await Promise.all([
      prisma.thread.findUniqueOrThrow({ where: { id: threadId }, select: { title: true } }),
      prisma.user.findUnique({ where: { id: userId }, select: { name: true } }),
    ]);
    const link = inviteLink(await appUrl(), invite.token);
    await mailer.send(invitationMail({ to: address, link, inviter: inviter?.name ?? null, title: thread.title, expiresAt: invite.expiresAt }));
  } catch (error) {
    console.error("The invitation mail could not be sent:", error);
    return { status: "invited", email: address, delivery: "link", token: invite.token, mailFailed: true };
  }
  await prisma.threadInvite.update({ where: { id: invite.id }, data: { mailedAt: new Date() } });
  return { status: "invited", email: address, delivery: "mail" };
}

/** The thread's open invites, oldest first. */
export async function listInvites(prisma: PrismaClient, { threadId }: { threadId: string }): Promise<InviteDTO[]> {
  const invites = await prisma.threadInvite.findMany({
    where: { threadId, ...usableInvite() },
    orderBy: { createdAt: "asc" },
    select: { id: true, token: true, email: true, mailedAt: true, createdAt: true },
  });
  return invites.map(({ mailedAt, ...invite }) => ({
    ...invite,
    token: mailedAt ? null : invite.token,
    mailed: Boolean(mailedAt),
    createdAt: invite.createdAt.toISOString(),
  }));
}

/** A shareable link: anyone holding it may join, until it is revoked. */
export async function createInviteLink(prisma: PrismaClient, { userId, threadId }: { userId: string; threadId: string }): Promise<InviteDTO> {
  const invite = await prisma.threadInvite.create({
    data: { threadId, token: inviteToken(), createdById: userId },
    select: { id: true, token: true, email: true, createdAt: true },
  });
  return { ...invite, mailed: false, createdAt: invite.createdAt.toISOString() };
}

export async function revokeInvite(prisma: PrismaClient, { threadId, inviteId }: { threadId: string; inviteId: string }) {
  const { count } = await prisma.threadInvite.updateMany({ where: { id: inviteId, threadId, ...usableInvite() }, data: { revokedAt: new Date() } });
  if (count === 0) throw new NotFoundError("That invite does not exist, was answered or was already revoked.");
}
