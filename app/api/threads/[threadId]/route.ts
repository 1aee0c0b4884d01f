import { userRoute } from "@/lib/auth/guard";
import { getThreadForMember } from "@/lib/threads";

export const dynamic = "force-dynamic";

/** The thread as its members see it. */
export const GET = userRoute<{ threadId: string }>(async (_request, { user, prisma, params: { threadId } }) => {
  const { thread } = await getThreadForMember(prisma, { threadId, userId: user.id });
  return Response.json(thread);
});
