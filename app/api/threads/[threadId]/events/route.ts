import { z } from "zod";
import { guardedRoute } from "@/lib/access/guard";
import { ValidationError } from "@/lib/errors";
import { threadEventStream } from "@/lib/events/stream";
import { sequenceNumber } from "@/lib/http/params";
import { heldStream } from "@/lib/ratelimit";
import { eventStreamResponse } from "@/lib/realtime/sse";
import { repliesInProgress } from "@/lib/runs/replies";

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
    const { threadId } = access;
    // Each person may keep only so many streams open.
    const stream = await heldStream(user.id, request.signal, () =>
      threadEventStream(prisma, { threadId, userId: user.id, afterSeq, signal: request.signal, repliesInProgress: () => repliesInProgress(prisma, threadId) }),
    );
    return eventStreamResponse(stream);
  },
);
