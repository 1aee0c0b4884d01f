import { userRoute } from "@/lib/auth/guard";
import { listRunsForAssistant } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** The assistant's runs in the threads the caller is a member of, newest first. */
export const GET = userRoute<{ assistantId: string }>(async (_request, { user, prisma, params: { assistantId } }) =>
  Response.json(await listRunsForAssistant(prisma, { userId: user.id, assistantId })),
);
