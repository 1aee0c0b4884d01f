import { guardedRoute } from "@/lib/access/guard";
import { retryRun } from "@/lib/runs";

/** Starts a failed, expired or cancelled run again. */
export const POST = guardedRoute({ permission: "run.retry", params: ["runId"], subject: "runId", limit: "runStart" }, async ({ user, prisma, params: { runId } }) =>
  Response.json(await retryRun(prisma, { userId: user.id, runId }), { status: 201 }),
);
