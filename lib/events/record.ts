import "server-only";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { realtime } from "../realtime";
import { personChannel, threadChannel } from "../realtime/channels";
import { threadListChanges, type PersonNotice } from "./people";
import type { DurableEventPayload, DurableThreadEvent } from "./types";

export type Tx = Prisma.TransactionClient;
/** Records a durable event in the current transaction; it is published once the transaction commits. */
export type RecordEvent = (threadId: string, payload: DurableEventPayload) => Promise<DurableThreadEvent>;

/** The next event number of the thread. The row lock it takes orders concurrent writers. */
async function nextEventSeq(tx: Tx, threadId: string): Promise<number> {
  const thread = await tx.thread.update({ where: { id: threadId }, data: { lastEventSeq: { increment: 1 } }, select: { lastEventSeq: true } });
  return thread.lastEventSeq;
}

/**
 * Runs `work` in a transaction in which every change to a thread records its event; the events
 * are published to live streams only after the commit, so nobody sees a change that rolled back.
 * A message's stored events always show it as it is now: each change rewrites the earlier ones,
 * so that replaying them never shows a deleted message's words or an edited one's old text.
 */
export async function withThreadEvents<T>(prisma: PrismaClient, work: (tx: Tx, record: RecordEvent) => Promise<T>): Promise<T> {
  const recorded: { threadId: string; event: DurableThreadEvent }[] = [];
  const notices: PersonNotice[] = [];
  const result = await prisma.$transaction(async (tx) =>
    work(tx, async (threadId, payload) => {
      const seq = await nextEventSeq(tx, threadId);
      const messageId = "message" in payload ? payload.message.id : null;
      if (messageId && payload.type === "message.updated") {
        await tx.$executeRaw`
          UPDATE "ThreadEvent" SET "data" = jsonb_set("data", '{message}', ${JSON.stringify(payload.message)}::jsonb)
          WHERE "threadId" = ${threadId} AND "messageId" = ${messageId}`;
      }
      if (payload.type === "thread.updated") notices.push(...(await threadListChanges(tx, payload.thread)));
      const event = { ...payload, seq } as DurableThreadEvent;
      await tx.threadEvent.create({ data: { threadId, seq, type: payload.type, messageId, data: payload as unknown as Prisma.InputJsonValue } });
      recorded.push({ threadId, event });
      return event;
    }),
  );
  const bus = realtime();
  for (const { threadId, event } of recorded) await bus.publish(threadChannel(threadId), event);
  for (const { userId, event } of notices) await bus.publish(personChannel(userId), event);
  return result;
}

/** Events of a thread after `afterSeq`, oldest first. */
export async function eventsAfter(prisma: PrismaClient, { threadId, afterSeq, limit }: { threadId: string; afterSeq: number; limit: number }) {
  const rows = await prisma.threadEvent.findMany({
    where: { threadId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, data: true },
  });
  return rows.map((row) => ({ ...(row.data as unknown as DurableEventPayload), seq: row.seq }) as DurableThreadEvent);
}
