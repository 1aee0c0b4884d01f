import { z } from "zod";
import { guardedRoute } from "@/lib/access/guard";
import { ValidationError } from "@/lib/errors";
import { threadEventStream } from "@/lib/events/stream";
import { sequenceNumber } from "@/lib/http/params";
import { holdStream } from "@/lib/ratelimit";

const eventNumber = sequenceNumber(0, "after");

export const dynamic = "force-dynamic";

/** The thread's live events (Server-Sent Events), resuming after Last-Event-ID or `?after=`. */
export const GET = guardedRoute(
  { permission: "thread.read", params: ["threadId"], subject: "threadId", query: z.object({ after: eventNumber.optional() }) },
  async ({ request, user, prisma, access, query }) => {
    const lastEventId = request.headers.get("last-event-id");
    const fromHeader = lastEventId === null ? null : eventNumber.safeParse(lastEventId);
    if (fromHeader && !fromHeader.success) throw new ValidationError("Last-Event-ID must be an event number.");
    const afterSeq = fromHeader ? fromHeader.data : (query.after ?? 0);
    // Each person may keep only so many streams open; the place is given back however the stream ends.
    const release = await holdStream(user.id);
    request.signal.addEventListener("abort", () => void release(), { once: true });
    const stream = threadEventStream(prisma, { threadId: access.threadId, userId: user.id, afterSeq, signal: request.signal }).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({ flush: () => release() }),
    );
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
        Connection: "keep-alive",
      },
    });
  },
);
