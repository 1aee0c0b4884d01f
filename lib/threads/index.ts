import { randomBytes } from "node:crypto";
import { z } from "zod";
import { email as emailSchema } from "../accounts/schema";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import type { ThreadDTO, ThreadRole } from "./dto";
import { threadTitle } from "./schema";

export type ThreadSummary = { id: string; title: string; archivedAt: Date | null; updatedAt: Date };

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(result.error.issues[0]?.message ?? "Invalid input.");
  return result.data;
}

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
  const data = { title: parse(threadTitle, title), createdById: userId, members: { create: { userId, role: "owner" as const } } };
  const thread = await prisma.thread.create({ data, select: { id: true } });
  return threadDTO(prisma, thread.id);
}

export async function renameThread(prisma: PrismaClient, { threadId, title }: { threadId: string; title: unknown }) {
  const newTitle = parse(threadTitle, title);
  return withThreadEvents(prisma, async (tx, record) => {
    await tx.thread.update({ where: { id: threadId }, data: { title: newTitle } });
    return announceThread(tx, record, threadId);
  });
}

export async function setThreadArchived(
  prisma: PrismaClient,
  { threadId, archived }: { threadId: string; archived: boolean },
) {
  return withThreadEvents(prisma, async (tx, record) => {
    await tx.thread.update({ where: { id: threadId }, data: { archivedAt: archived ? new Date() : null } });
    return announceThread(tx, record, threadId);
  });
}

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

function inviteToken(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Invites by email: someone with an account joins at once; anyone else joins when they sign up
 * with that address.
 */
export async function inviteByEmail(
  prisma: PrismaClient,
  { userId, threadId, email }: { userId: string; threadId: string; email: unknown },
): Promise<{ status: "added" | "already_member" | "pending"; email: string }> {
  const address = parse(emailSchema, email);
  return withThreadEvents(prisma, async (tx, record) => {
    const invitee = await tx.user.findUnique({ where: { email: address }, select: { id: true } });
    if (invitee) {
      const added = await joinThread(tx, record, threadId, invitee.id);
      return { status: added ? "added" : "already_member", email: address };
    }
    const pending = await tx.threadInvite.findFirst({ where: { threadId, email: address, revokedAt: null } });
    if (!pending) await tx.threadInvite.create({ data: { threadId, email: address, token: inviteToken(), createdById: userId } });
    return { status: "pending", email: address };
  });
}

/** Joins a new account to every thread that invited its email address. */
export async function acceptEmailInvites(tx: Tx, record: RecordEvent, { userId, email }: { userId: string; email: string }): Promise<void> {
  const invites = await tx.threadInvite.findMany({ where: { email, revokedAt: null }, select: { id: true, threadId: true } });
  for (const invite of invites) {
    await joinThread(tx, record, invite.threadId, userId);
    await tx.threadInvite.update({ where: { id: invite.id }, data: { revokedAt: new Date() } });
  }
}

export type InviteDTO = { id: string; token: string | null; email: string | null; createdAt: string };

export async function listInvites(prisma: PrismaClient, { threadId }: { threadId: string }): Promise<InviteDTO[]> {
  const invites = await prisma.threadInvite.findMany({
    where: { threadId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    orderBy: { createdAt: "asc" },
    select: { id: true, token: true, email: true, createdAt: true },
  });
  // An emailed invite's token is never shown: it is only redeemed by signing up with that address.
  return invites.map((invite) => ({ ...invite, token: invite.email ? null : invite.token, createdAt: invite.createdAt.toISOString() }));
}

export async function createInviteLink(prisma: PrismaClient, { userId, threadId }: { userId: string; threadId: string }): Promise<InviteDTO> {
  const invite = await prisma.threadInvite.create({
    data: { threadId, token: inviteToken(), createdById: userId },
    select: { id: true, token: true, email: true, createdAt: true },
  });
  return { ...invite, createdAt: invite.createdAt.toISOString() };
}

export async function revokeInvite(prisma: PrismaClient, { threadId, inviteId }: { threadId: string; inviteId: string }) {
  const { count } = await prisma.threadInvite.updateMany({ where: { id: inviteId, threadId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new NotFoundError("That invite does not exist or was already revoked.");
}

const INVALID_INVITE = "This invite link is not valid any more. Ask a member of the thread for a new one.";

async function findUsableLink(prisma: PrismaClient | Tx, token: string) {
  const invite = await prisma.threadInvite.findUnique({
    where: { token },
    select: { threadId: true, email: true, revokedAt: true, expiresAt: true, thread: { select: { title: true } } },
  });
  if (!invite || invite.email || invite.revokedAt || (invite.expiresAt && invite.expiresAt <= new Date())) throw new NotFoundError(INVALID_INVITE);
  return invite;
}

/** What the invite page shows before someone joins. */
export async function describeInvite(prisma: PrismaClient, { token, userId }: { token: string; userId: string }) {
  const invite = await findUsableLink(prisma, token);
  const member = await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: invite.threadId, userId } } });
  return { threadId: invite.threadId, title: invite.thread.title, alreadyMember: Boolean(member) };
}

export async function acceptInvite(prisma: PrismaClient, { token, userId }: { token: string; userId: string }): Promise<string> {
  return withThreadEvents(prisma, async (tx, record) => {
    const invite = await findUsableLink(tx, token);
    await joinThread(tx, record, invite.threadId, userId);
    return invite.threadId;
  });
}

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
