import { userRoute } from "@/lib/auth/guard";
import { listRunsForThread } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** The thread's runs, newest first, with their steps: the trace. */
export const GET = userRoute<{ threadId: string }>(async (_request, { user, prisma, params: { threadId } }) =>
  Response.json(await listRunsForThread(prisma, { userId: user.id, threadId })),
);
