import { guardedRoute } from "@/lib/access/guard";
import { listRunsForAssistant } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** The assistant's runs in the threads the caller is a member of, newest first. */
export const GET = guardedRoute({ permission: "assistant.runs", params: ["assistantId"] }, async ({ user, prisma, params: { assistantId } }) =>
  Response.json(await listRunsForAssistant(prisma, { userId: user.id, assistantId })),
);
