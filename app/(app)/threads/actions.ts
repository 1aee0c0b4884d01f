"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "@/lib/access/guard";
import { deleteMessage, editMessage, postMessage } from "@/lib/messages";
import { cancelRun, retryRun } from "@/lib/runs";
import {
  acceptInvite,
  addAssistantToThread,
  createInviteLink,
  createThread,
  inviteByEmail,
  leaveThread,
  removeAssistantFromThread,
  removeMember,
  renameThread,
  revokeInvite,
  setThreadArchived,
} from "@/lib/threads";

const id = z.string().min(1).max(100);
const threadInput = z.object({ threadId: id });
const inThread = "threadId" as const;

// Thread list in the sidebar changes with these.
function refreshThreadList<T>(result: T): T {
  revalidatePath("/", "layout");
  return result;
}

export const createThreadAction = guardedAction({ permission: "thread.create", input: z.object({ title: z.string() }) }, async ({ title }, { user, prisma }) =>
  refreshThreadList(await createThread(prisma, { userId: user.id, title })),
);

export const renameThreadAction = guardedAction(
  { permission: "thread.rename", subject: inThread, input: threadInput.extend({ title: z.string() }) },
  async (input, { prisma }) => refreshThreadList(await renameThread(prisma, input)),
);

export const setThreadArchivedAction = guardedAction(
  { permission: "thread.archive", subject: inThread, input: threadInput.extend({ archived: z.boolean() }) },
  async (input, { prisma }) => refreshThreadList(await setThreadArchived(prisma, input)),
);

export const leaveThreadAction = guardedAction({ permission: "thread.leave", subject: inThread, input: threadInput }, async ({ threadId }, { user, prisma }) =>
  refreshThreadList(await leaveThread(prisma, { userId: user.id, threadId })),
);

export const removeMemberAction = guardedAction(
  { permission: "member.remove", subject: inThread, input: threadInput.extend({ memberId: id }) },
  async (input, { user, prisma }) => removeMember(prisma, { userId: user.id, ...input }),
);

export const inviteByEmailAction = guardedAction(
  { permission: "invite.create", subject: inThread, input: threadInput.extend({ email: z.string() }) },
  async (input, { user, prisma }) => {
    const result = await inviteByEmail(prisma, { userId: user.id, ...input });
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

export const acceptInviteAction = guardedAction({ permission: "invite.accept", input: z.object({ token: z.string().min(1).max(200) }) }, async ({ token }, { user, prisma }) =>
  refreshThreadList(await acceptInvite(prisma, { userId: user.id, token })),
);

export const addAssistantAction = guardedAction(
  { permission: "threadAssistant.add", subject: inThread, input: threadInput.extend({ assistantId: id }) },
  async (input, { user, prisma }) => addAssistantToThread(prisma, { userId: user.id, ...input }),
);

export const removeAssistantAction = guardedAction(
  { permission: "threadAssistant.remove", subject: inThread, input: threadInput.extend({ assistantId: id }) },
  async (input, { prisma }) => removeAssistantFromThread(prisma, input),
);

export const postMessageAction = guardedAction(
  {
    permission: "message.post",
    subject: inThread,
    input: threadInput.extend({ content: z.string(), clientId: z.string().optional(), runOptions: z.unknown().optional(), fileIds: z.array(z.string()).optional() }),
  },
  async (input, { user, prisma }) => postMessage(prisma, { userId: user.id, ...input }),
);

export const cancelRunAction = guardedAction({ permission: "run.cancel", subject: "runId", input: z.object({ runId: id }) }, async ({ runId }, { prisma }) =>
  cancelRun(prisma, { runId }),
);

export const retryRunAction = guardedAction({ permission: "run.retry", subject: "runId", input: z.object({ runId: id }) }, async ({ runId }, { user, prisma }) =>
  retryRun(prisma, { userId: user.id, runId }),
);

export const editMessageAction = guardedAction(
  { permission: "message.edit", subject: "messageId", input: z.object({ messageId: id, content: z.string() }) },
  async (input, { prisma }) => editMessage(prisma, input),
);

export const deleteMessageAction = guardedAction({ permission: "message.delete", subject: "messageId", input: z.object({ messageId: id }) }, async (input, { prisma }) =>
  deleteMessage(prisma, input),
);
