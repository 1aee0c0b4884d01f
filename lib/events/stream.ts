import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { repliesInProgress } from "../messages";
import { onShutdown } from "../lifecycle";
import { eventBus } from "./bus";
import { presence } from "./presence";
import { eventsAfter } from "./record";
import { isDurable, type DurableThreadEvent, type ThreadEvent } from "./types";

/** More missed events than this and the client reloads the thread instead of replaying them. */
export const MAX_REPLAY = 500;
const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();

function frame(event: ThreadEvent): Uint8Array {
  const id = isDurable(event) ? `id: ${event.seq}\n` : "";
  return encoder.encode(`${id}data: ${JSON.stringify(event)}\n\n`);
}

/**
 * A thread's events for one viewer as Server-Sent Events, starting after `afterSeq`: first what
 * they missed (from the ThreadEvent table), then live. Durable events go out strictly in order
 * and exactly once: a live event that arrives ahead of its predecessors waits for the gap to be
 * read from the table (its predecessors are committed, because writers lock the thread's row);
 * one already sent is dropped. The caller has checked membership; the stream ends when the
 * viewer stops being a member, or when `signal` aborts.
 */
export function threadEventStream(
  prisma: PrismaClient,
  { threadId, userId, afterSeq, signal }: { threadId: string; userId: string; afterSeq: number; signal: AbortSignal },
): ReadableStream<Uint8Array> {
  let lastSent = afterSeq;
  let closed = false;
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Work runs one step at a time so that output keeps the order events were handled in.
      let queue = Promise.resolve();
      const enqueue = (step: () => Promise<void> | void) => {
        queue = queue.then(step).catch((error: unknown) => {
          console.error("thread event stream failed", error);
          close();
        });
      };
      const send = (event: ThreadEvent) => {
        if (!closed) controller.enqueue(frame(event));
      };
      const sendDurable = (event: DurableThreadEvent) => {
        if (event.seq <= lastSent) return;
        send(event);
        lastSent = event.seq;
        if (event.type === "thread.updated" && !event.thread.members.some((member) => member.id === userId)) close();
      };
      const catchUp = async (until?: number) => {
        const missed = await eventsAfter(prisma, { threadId, afterSeq: lastSent, limit: MAX_REPLAY + 1 });
        if (missed.length > MAX_REPLAY) {
          const thread = await prisma.thread.findUniqueOrThrow({ where: { id: threadId }, select: { lastEventSeq: true } });
          lastSent = thread.lastEventSeq;
          return send({ type: "reset" });
        }
        for (const event of missed) if (until === undefined || event.seq <= until) sendDurable(event);
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };

      // Subscribe before reading the backlog, so that nothing falls between the two.
      const unsubscribe = eventBus().subscribe(threadId, (event) =>
        enqueue(async () => {
          if (!isDurable(event)) return send(event);
          if (event.seq > lastSent + 1) await catchUp(event.seq);
          sendDurable(event);
        }),
      );
      const leave = presence().join(threadId, userId);
      // A stopping server ends every stream; browsers reconnect by themselves (SSE retry).
      const stopping = onShutdown("streams", close);
      const heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(": ping\n\n")), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        leave();
        stopping();
        signal.removeEventListener("abort", close);
      };
      signal.addEventListener("abort", close);

      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      enqueue(() => catchUp());
      // Tokens are not stored as events: a viewer arriving mid-reply gets the text so far instead.
      enqueue(async () => {
        for (const message of await repliesInProgress(prisma, threadId)) send({ type: "message.snapshot", message });
      });
      enqueue(() => send({ type: "presence", online: presence().online(threadId) }));
    },
    cancel() {
      closed = true;
      cleanup();
    },
  });
}
