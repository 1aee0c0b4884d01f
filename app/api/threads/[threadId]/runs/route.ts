import { guardedRoute } from "@/lib/access/guard";
import { listRunsForThread } from "@/lib/runs";

export const dynamic = "force-dynamic";

/** The thread's runs, newest first, with their steps: the trace. */
export const GET = guardedRoute({ permission: "thread.read", params: ["threadId"], subject: "threadId" }, async ({ prisma, access }) =>
  Response.json(await listRunsForThread(prisma, { threadId: access.threadId })),
);
