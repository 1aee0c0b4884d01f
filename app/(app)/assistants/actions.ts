"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "@/lib/access/guard";
import { createAssistant, deleteAssistant, duplicateAssistant, updateAssistant } from "@/lib/assistants";
import type { AssistantInput } from "@/lib/assistants/schema";

const id = z.string().min(1).max(100);
// The fields are checked in lib/assistants, which reports each problem beside its field.
const fields = z.custom<AssistantInput>((value) => typeof value === "object" && value !== null, "Send the assistant's fields.");

function refresh<T>(result: T): T {
  revalidatePath("/assistants", "layout");
  return result;
}

export const createAssistantAction = guardedAction({ permission: "assistant.create", input: z.object({ input: fields }) }, async ({ input }, { user, prisma }) =>
  refresh(await createAssistant(prisma, { userId: user.id, input })),
);

export const updateAssistantAction = guardedAction(
  { permission: "assistant.update", subject: "assistantId", input: z.object({ assistantId: id, expectedUpdatedAt: z.string().datetime(), input: fields }) },
  async ({ assistantId, expectedUpdatedAt, input }, { user, prisma }) =>
    refresh(await updateAssistant(prisma, { userId: user.id, assistantId, expectedUpdatedAt, input })),
);

export const duplicateAssistantAction = guardedAction(
  { permission: "assistant.duplicate", subject: "assistantId", input: z.object({ assistantId: id }) },
  async ({ assistantId }, { user, prisma }) => refresh(await duplicateAssistant(prisma, { userId: user.id, assistantId })),
);

export const deleteAssistantAction = guardedAction(
  { permission: "assistant.delete", subject: "assistantId", input: z.object({ assistantId: id }) },
  async ({ assistantId }, { prisma }) => refresh(await deleteAssistant(prisma, { assistantId })),
);
