import { guardedRoute } from "@/lib/access/guard";
import { heldStream } from "@/lib/ratelimit";
import { eventStreamResponse } from "@/lib/realtime/sse";
import { personEventStream } from "@/lib/threads/live";

export const dynamic = "force-dynamic";

/** The signed-in person's own live events (Server-Sent Events): their list of threads. */
export const GET = guardedRoute({ permission: "thread.list" }, async ({ request, user, prisma }) =>
  // Counted with their thread streams: each person may keep only so many streams open.
  eventStreamResponse(await heldStream(user.id, request.signal, () => personEventStream(prisma, { userId: user.id, signal: request.signal }))),
);
