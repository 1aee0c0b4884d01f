import { userRoute } from "@/lib/auth/guard";
import { threadEventStream } from "@/lib/events/stream";
import { requireThreadPermission } from "@/lib/threads/permissions";

export const dynamic = "force-dynamic";

/** The thread's live events (Server-Sent Events), resuming after Last-Event-ID or `?after=`. */
export const GET = userRoute<{ threadId: string }>(async (request, { user, prisma, params: { threadId } }) => {
  await requireThreadPermission(prisma, { threadId, userId: user.id, permission: "thread.read" });
  const resumeFrom = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  const afterSeq = Math.max(0, Number.parseInt(resumeFrom ?? "0", 10) || 0);
  const stream = threadEventStream(prisma, { threadId, userId: user.id, afterSeq, signal: request.signal });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
});
