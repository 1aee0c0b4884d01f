import "server-only";
import { threadStateAllows } from "../access/policy";
import type { RecordEvent, Tx } from "../events/record";
import { mentionedHandles } from "../mentions";
import type { MessageDTO } from "../messages/dto";
import { announceRun, queueRunsForMentions } from "./index";
import { lockRoom } from "./lock";
import { reasonFields, runReasons, type RunReason } from "./reasons";

/**
 * A run that did not start, with why: the durable notice every viewer of the thread sees, live and
 * after a reload, beside the message that asked (and in the Runs panel).
 */
async function recordUnstarted(
  tx: Tx,
  record: RecordEvent,
  { threadId, assistantId, triggerMessageId }: { threadId: string; assistantId: string; triggerMessageId: string },
  reason: RunReason,
): Promise<void> {
  const now = new Date();
  const run = await tx.run.create({
    data: { threadId, assistantId, triggerMessageId, status: "cancelled", cancelledAt: now, completedAt: now, ...reasonFields(reason) },
    select: { id: true },
  });
  await announceRun(tx, record, run.id);
}

/** Live assistants the reply mentions by handle that are not in the thread (mentions resolve only to those that are). */
async function mentionedOutsiders(tx: Tx, { threadId, reply, assistantId }: { threadId: string; reply: MessageDTO; assistantId: string }) {
  const resolved = new Set(reply.mentions.map((mention) => mention.handle.toLowerCase()));
  const handles = mentionedHandles(reply.content).filter((handle) => !resolved.has(handle));
  if (handles.length === 0) return [];
  const found = await tx.assistant.findMany({
    where: { handle: { in: handles }, deletedAt: null, id: { not: assistantId }, threads: { none: { threadId } } },
    select: { id: true, name: true, handle: true },
  });
  return handles.flatMap((handle) => found.filter((assistant) => assistant.handle === handle));
}

/**
 * Hand-off: an assistant's finished reply that mentions other assistants of the thread queues their
 * runs, while the thread allows it ("run.handOff") and the chain of assistant-started runs is under
 * the limit (a person posting resets it). What it cannot start is recorded as a run that did not
 * start, with why: a mentioned assistant that is not in the thread, or one past the limit.
 * Returns whether a run was queued (the caller wakes the workers after the commit).
 */
export async function handOff(
  tx: Tx,
  record: RecordEvent,
  { threadId, assistantId, reply, maxHandoffs }: { threadId: string; assistantId: string; reply: MessageDTO; maxHandoffs: number },
): Promise<boolean> {
  const room = await lockRoom(tx, threadId);
  if (!threadStateAllows("run.handOff", room)) return false;
  const notice = (target: string, reason: RunReason) => recordUnstarted(tx, record, { threadId, assistantId: target, triggerMessageId: reply.id }, reason);
  for (const outsider of await mentionedOutsiders(tx, { threadId, reply, assistantId })) await notice(outsider.id, runReasons.notInThread(outsider));

  const others = reply.mentions.filter((mention) => mention.kind === "assistant" && mention.id !== assistantId);
  if (others.length === 0) return false;
  if (room.assistantChainLength >= maxHandoffs) {
    for (const mention of others) await notice(mention.id, runReasons.handOffLimit(maxHandoffs));
    return false;
  }
  await tx.thread.update({ where: { id: threadId }, data: { assistantChainLength: { increment: 1 } } });
  const runs = await queueRunsForMentions(tx, record, { threadId, messageId: reply.id, mentions: others, startedByUserId: null });
  return runs.length > 0;
}
