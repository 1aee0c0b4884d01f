"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "@/lib/access/guard";
import { deleteMessage, editMessage, postMessage } from "@/lib/messages";
import { cancelRun, retryRun } from "@/lib/runs";
import { archiveThread, leaveThread, removeAssistantFromThread, removeMember } from "@/lib/runs/room";
import { createThread, renameThread } from "@/lib/threads";
import { addAssistantToThread } from "@/lib/threads/assistants";

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
  async (input, { prisma }) => refreshThreadList(await archiveThread(prisma, input)),
);

export const leaveThreadAction = guardedAction({ permission: "thread.leave", subject: inThread, input: threadInput }, async ({ threadId }, { user, prisma }) =>
  refreshThreadList(await leaveThread(prisma, { userId: user.id, threadId })),
);

export const removeMemberAction = guardedAction(
  { permission: "member.remove", subject: inThread, input: threadInput.extend({ memberId: id }) },
  async (input, { user, prisma }) => removeMember(prisma, { userId: user.id, ...input }),
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
    limit: "post",
    input: threadInput.extend({ content: z.string(), clientId: z.string().optional(), runOptions: z.unknown().optional(), fileIds: z.array(z.string()).optional() }),
  },
  async (input, { user, prisma }) => postMessage(prisma, { userId: user.id, ...input }),
);

export const cancelRunAction = guardedAction({ permission: "run.cancel", subject: "runId", input: z.object({ runId: id }) }, async ({ runId }, { prisma }) =>
  cancelRun(prisma, { runId }),
);

export const retryRunAction = guardedAction({ permission: "run.retry", subject: "runId", limit: "runStart", input: z.object({ runId: id }) }, async ({ runId }, { user, prisma }) =>
  retryRun(prisma, { userId: user.id, runId }),
);

export const editMessageAction = guardedAction(
  { permission: "message.edit", subject: "messageId", input: z.object({ messageId: id, content: z.string() }) },
  async (input, { prisma }) => editMessage(prisma, input),
);

export const deleteMessageAction = guardedAction({ permission: "message.delete", subject: "messageId", input: z.object({ messageId: id }) }, async (input, { prisma }) =>
  deleteMessage(prisma, input),
);
