"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAssistant, deleteAssistant, duplicateAssistant, updateAssistant } from "@/lib/assistants";
import type { AssistantInput } from "@/lib/assistants/schema";
import { userAction } from "@/lib/auth/guard";

const id = z.string().min(1).max(100);
// The fields are checked in lib/assistants, which reports each problem beside its field.
const fields = z.custom<AssistantInput>((value) => typeof value === "object" && value !== null, "Send the assistant's fields.");

function refresh<T>(result: T): T {
  revalidatePath("/assistants", "layout");
  return result;
}

export const createAssistantAction = userAction(z.object({ input: fields }), async ({ input }, { user, prisma }) =>
  refresh(await createAssistant(prisma, { userId: user.id, input })),
);

export const updateAssistantAction = userAction(
  z.object({ assistantId: id, expectedUpdatedAt: z.string().datetime(), input: fields }),
  async ({ assistantId, expectedUpdatedAt, input }, { user, prisma }) =>
    refresh(await updateAssistant(prisma, { userId: user.id, assistantId, expectedUpdatedAt, input })),
);

export const duplicateAssistantAction = userAction(z.object({ assistantId: id }), async ({ assistantId }, { user, prisma }) =>
  refresh(await duplicateAssistant(prisma, { userId: user.id, assistantId })),
);

export const deleteAssistantAction = userAction(z.object({ assistantId: id }), async ({ assistantId }, { user, prisma }) =>
  refresh(await deleteAssistant(prisma, { userId: user.id, assistantId })),
);
