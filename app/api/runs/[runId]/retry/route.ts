import { userRoute } from "@/lib/auth/guard";
import { retryRun } from "@/lib/runs";

/** Starts a failed, expired or cancelled run again. */
export const POST = userRoute<{ runId: string }>(async (_request, { user, prisma, params: { runId } }) =>
  Response.json(await retryRun(prisma, { userId: user.id, runId }), { status: 201 }),
);
