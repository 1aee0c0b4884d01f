"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "@/lib/access/guard";
import { appUrl } from "@/lib/http/app-url";
import { acceptInvite, createInviteLink, declineInvite, inviteByEmail, revokeInvite } from "@/lib/invites";

const id = z.string().min(1).max(100);
const threadInput = z.object({ threadId: id });
const inThread = "threadId" as const;
const tokenInput = z.object({ token: z.string().min(1).max(200) });

export const inviteByEmailAction = guardedAction(
  { permission: "invite.create", subject: inThread, input: threadInput.extend({ email: z.string().max(1000) }) },
  async (input, { user, prisma }) => {
    const result = await inviteByEmail(prisma, { userId: user.id, ...input, appUrl });
    revalidatePath(`/threads/${input.threadId}`);
    return result;
  },
);

export const createInviteLinkAction = guardedAction({ permission: "invite.create", subject: inThread, input: threadInput }, async ({ threadId }, { user, prisma }) => {
  const invite = await createInviteLink(prisma, { userId: user.id, threadId });
  revalidatePath(`/threads/${threadId}`);
  return invite;
});

export const revokeInviteAction = guardedAction(
  { permission: "invite.revoke", subject: inThread, input: threadInput.extend({ inviteId: id }) },
  async (input, { prisma }) => {
    await revokeInvite(prisma, input);
    revalidatePath(`/threads/${input.threadId}`);
  },
);

// The sidebar lists threads and invitations: both change when one is answered.
export const acceptInviteAction = guardedAction({ permission: "invite.accept", input: tokenInput }, async ({ token }, { user, prisma }) => {
  const threadId = await acceptInvite(prisma, { userId: user.id, token });
  revalidatePath("/", "layout");
  return threadId;
});

export const declineInviteAction = guardedAction({ permission: "invite.decline", input: tokenInput }, async ({ token }, { prisma }) => {
  await declineInvite(prisma, { token });
  revalidatePath("/", "layout");
});
