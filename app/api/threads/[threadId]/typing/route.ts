import { userRoute } from "@/lib/auth/guard";
import { eventBus } from "@/lib/events/bus";
import { requireThreadPermission } from "@/lib/threads/permissions";

/** Tells the thread's viewers that this person is typing. */
export const POST = userRoute<{ threadId: string }>(async (_request, { user, prisma, params: { threadId } }) => {
  await requireThreadPermission(prisma, { threadId, userId: user.id, permission: "thread.post" });
  await eventBus().publish(threadId, { type: "typing", user: { id: user.id, name: user.name } });
  return new Response(null, { status: 204 });
});
