"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/auth/guard";
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

// Thread list in the sidebar changes with these.
function refreshThreadList<T>(result: T): T {
  revalidatePath("/", "layout");
  return result;
}

export const createThreadAction = userAction(z.object({ title: z.string() }), async ({ title }, { user, prisma }) =>
  refreshThreadList(await createThread(prisma, { userId: user.id, title })),
);

export const renameThreadAction = userAction(threadInput.extend({ title: z.string() }), async ({ threadId, title }, { user, prisma }) =>
  refreshThreadList(await renameThread(prisma, { userId: user.id, threadId, title })),
);

export const setThreadArchivedAction = userAction(threadInput.extend({ archived: z.boolean() }), async (input, { user, prisma }) =>
  refreshThreadList(await setThreadArchived(prisma, { userId: user.id, ...input })),
);

export const leaveThreadAction = userAction(threadInput, async ({ threadId }, { user, prisma }) =>
  refreshThreadList(await leaveThread(prisma, { userId: user.id, threadId })),
);

export const removeMemberAction = userAction(threadInput.extend({ memberId: id }), async (input, { user, prisma }) =>
  removeMember(prisma, { userId: user.id, ...input }),
);

export const inviteByEmailAction = userAction(threadInput.extend({ email: z.string() }), async (input, { user, prisma }) => {
  const result = await inviteByEmail(prisma, { userId: user.id, ...input });
  revalidatePath(`/threads/${input.threadId}`);
  return result;
});

export const createInviteLinkAction = userAction(threadInput, async ({ threadId }, { user, prisma }) => {
  const invite = await createInviteLink(prisma, { userId: user.id, threadId });
  revalidatePath(`/threads/${threadId}`);
  return invite;
});

export const revokeInviteAction = userAction(threadInput.extend({ inviteId: id }), async (input, { user, prisma }) => {
  await revokeInvite(prisma, { userId: user.id, ...input });
  revalidatePath(`/threads/${input.threadId}`);
});

export const acceptInviteAction = userAction(z.object({ token: z.string().min(1).max(200) }), async ({ token }, { user, prisma }) =>
  refreshThreadList(await acceptInvite(prisma, { userId: user.id, token })),
);

export const addAssistantAction = userAction(threadInput.extend({ assistantId: id }), async (input, { user, prisma }) =>
  addAssistantToThread(prisma, { userId: user.id, ...input }),
);

export const removeAssistantAction = userAction(threadInput.extend({ assistantId: id }), async (input, { user, prisma }) =>
  removeAssistantFromThread(prisma, { userId: user.id, ...input }),
);

export const postMessageAction = userAction(
  threadInput.extend({ content: z.string(), clientId: z.string().optional(), runOptions: z.unknown().optional(), fileIds: z.array(z.string()).optional() }),
  async (input, { user, prisma }) => postMessage(prisma, { userId: user.id, ...input }),
);

export const cancelRunAction = userAction(z.object({ runId: id }), async ({ runId }, { user, prisma }) => cancelRun(prisma, { userId: user.id, runId }));

export const retryRunAction = userAction(z.object({ runId: id }), async ({ runId }, { user, prisma }) => retryRun(prisma, { userId: user.id, runId }));

export const editMessageAction = userAction(z.object({ messageId: id, content: z.string() }), async (input, { user, prisma }) =>
  editMessage(prisma, { userId: user.id, ...input }),
);

export const deleteMessageAction = userAction(z.object({ messageId: id }), async (input, { user, prisma }) =>
  deleteMessage(prisma, { userId: user.id, ...input }),
);
