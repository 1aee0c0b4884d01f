import "server-only";
import type { PrismaClient } from "../db/generated/client";
import type { MessageDTO } from "../messages/dto";
import { realtime } from "../realtime";
import { threadChannel } from "../realtime/channels";
import { presence } from "../realtime/presence";
import { eventStream } from "../realtime/sse";
import { eventsAfter } from "./record";
import { isDurable, type DurableThreadEvent, type ThreadEvent } from "./types";

/** More missed events than this and the client reloads the thread instead of replaying them. */
export const MAX_REPLAY = 500;

async function isMember(prisma: PrismaClient, threadId: string, userId: string): Promise<boolean> {
  return (await prisma.threadMember.count({ where: { threadId, userId } })) > 0;
}

/**
 * A thread's events for one viewer as Server-Sent Events, starting after `afterSeq`: first what
 * they missed (from the ThreadEvent table), then live. Durable events go out strictly in order
 * and exactly once: a live event that arrives ahead of its predecessors waits for the gap to be
 * read from the table (its predecessors are committed, because writers lock the thread's row);
 * one already sent is dropped. `repliesInProgress` gives the replies being written, with their
 * text so far, for a viewer arriving mid-stream (tokens are not stored as events). The caller has
 * checked membership; the stream ends when the viewer stops being a member, or when `signal` aborts.
 */
export function threadEventStream(
  prisma: PrismaClient,
  {
    threadId,
    userId,
    afterSeq,
    signal,
    repliesInProgress,
  }: { threadId: string; userId: string; afterSeq: number; signal: AbortSignal; repliesInProgress: () => Promise<MessageDTO[]> },
): ReadableStream<Uint8Array> {
  return eventStream<ThreadEvent>(signal, async (stream) => {
    let lastSeen = afterSeq;
    const sendDurable = async (event: DurableThreadEvent) => {
      if (event.seq <= lastSeen) return;
      lastSeen = event.seq;
      if (event.type === "thread.updated" && !event.thread.members.some((member) => member.id === userId)) {
        // From a time the viewer was out of the thread (they have joined again since): a later
        // snapshot lists them, so this one is skipped. If they are out now, the stream ends here.
        if (await isMember(prisma, threadId, userId)) return;
        stream.send(event, event.seq);
        return stream.close();
      }
      stream.send(event, event.seq);
    };
    const catchUp = async (until?: number) => {
      const missed = await eventsAfter(prisma, { threadId, afterSeq: lastSeen, limit: MAX_REPLAY + 1 });
      if (missed.length > MAX_REPLAY) {
        const thread = await prisma.thread.findUniqueOrThrow({ where: { id: threadId }, select: { lastEventSeq: true } });
        lastSeen = thread.lastEventSeq;
        return stream.send({ type: "reset" });
      }
      for (const event of missed) if (until === undefined || event.seq <= until) await sendDurable(event);
    };

    // Subscribe before reading the backlog, so that nothing falls between the two.
    const unsubscribe = await realtime().subscribe(threadChannel(threadId), (event) =>
      stream.step(async () => {
        if (!isDurable(event)) return stream.send(event);
        if (event.seq > lastSeen + 1) await catchUp(event.seq);
        await sendDurable(event);
      }),
    );
    const leave = await presence().join(threadId, userId);
    stream.step(() => catchUp());
    stream.step(async () => {
      for (const message of await repliesInProgress()) stream.send({ type: "message.snapshot", message });
    });
    stream.step(async () => stream.send({ type: "presence", online: await presence().online(threadId) }));
    return () => {
      unsubscribe();
      leave();
    };
  });
}
