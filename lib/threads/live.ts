import "server-only";
import type { PrismaClient } from "../db/generated/client";
import type { PersonEvent } from "../events/types";
import { realtime } from "../realtime";
import { personChannel } from "../realtime/channels";
import { eventStream } from "../realtime/sse";
import type { ThreadListItem } from "./dto";
import { listThreadsForUser } from "./index";

/** Every thread the person is in, as their sidebar lists them: the most recently active first, then the archived. */
export async function threadListFor(prisma: PrismaClient, userId: string): Promise<ThreadListItem[]> {
  const [active, archived] = await Promise.all([listThreadsForUser(prisma, { userId }), listThreadsForUser(prisma, { userId, archived: true })]);
  return [...active, ...archived].map(({ id, title, archivedAt }) => ({ id, title, archivedAt: archivedAt?.toISOString() ?? null }));
}

/**
 * The person's own events as Server-Sent Events: their whole thread list on each (re)connection,
 * then each thread they join, leave or see renamed or archived (from withThreadEvents).
 */
export function personEventStream(prisma: PrismaClient, { userId, signal }: { userId: string; signal: AbortSignal }): ReadableStream<Uint8Array> {
  return eventStream<PersonEvent>(signal, async (stream) => {
    // Subscribed before the list is read: a change in between arrives after it, and repeats what it holds.
    const unsubscribe = await realtime().subscribe(personChannel(userId), (event) => stream.step(() => stream.send(event)));
    stream.step(async () => stream.send({ type: "threads", threads: await threadListFor(prisma, userId) }));
    return unsubscribe;
  });
}
