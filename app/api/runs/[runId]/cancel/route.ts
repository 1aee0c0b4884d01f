import { userRoute } from "@/lib/auth/guard";
import { cancelRun } from "@/lib/runs";

/** Any member of the run's thread may cancel it. */
export const POST = userRoute<{ runId: string }>(async (_request, { user, prisma, params: { runId } }) =>
  Response.json(await cancelRun(prisma, { userId: user.id, runId })),
);
