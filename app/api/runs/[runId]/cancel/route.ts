import { guardedRoute } from "@/lib/access/guard";
import { cancelRun } from "@/lib/runs";

/** Any member of the run's thread may cancel it. */
export const POST = guardedRoute({ permission: "run.cancel", params: ["runId"], subject: "runId" }, async ({ prisma, params: { runId } }) =>
  Response.json(await cancelRun(prisma, { runId })),
);
