import "server-only";
import { threadStateAllows } from "../access/policy";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { NotFoundError, ValidationError } from "../errors";
import { setArchived, threadDTO } from "../threads";
import { removeThreadAssistant } from "../threads/assistants";
import { removeMembership } from "../threads/members";
import type { ThreadDTO } from "../threads/dto";
import { transitionRun } from "./index";
import { lockRoom, lockRoomOfRun } from "./lock";
import { reasonFields, runReasons, type RunReason, type RunStage } from "./reasons";
import { announceCancel, wakeRunWorkers } from "./control";
import { finishAssistantReply } from "./replies";
import { endWaitingRun } from "./tool-calls";

// A run starts, hands off or goes on only while its room allows it: the thread's state (the
// permission table's run verbs), its assistant being in the thread, and the person who asked for
// it being in the thread. Each change to a room is made here, in one transaction with what it does
// to the runs: the queued runs it rules out are cancelled and the running ones stopped, each with
// the reason, which everyone in the thread sees. The worker checks the same when it claims a run
// (whyRunCannotStart), so that a change racing a claim cannot let a run slip through.
// (Here rather than in lib/threads because lib/runs builds on lib/threads, not the reverse.)

const RUNNING = ["in_progress", "requires_action"] as const;

/** Runs asked for by this person: for a retry, by whoever pressed Retry. */
const askedBy = (userId: string): Prisma.RunWhereInput => ({ OR: [{ retriedByUserId: userId }, { retriedByUserId: null, startedByUserId: userId }] });

async function cancelQueued(tx: Tx, record: RecordEvent, where: Prisma.RunWhereInput, reason: RunReason): Promise<void> {
  const runs = await tx.run.findMany({ where: { ...where, status: "queued" }, orderBy: { queueOrder: "asc" }, select: { id: true } });
  const now = new Date();
  for (const { id } of runs) await transitionRun(tx, record, id, "cancelled", { cancelledAt: now, completedAt: now, ...reasonFields(reason) });
}

/**
 * Stops the runs under way that match, with the reason they end with. One waiting for function
 * outputs has no worker, so it ends here; a streaming one is asked to stop, and its worker ends it.
 * Returns those asked, to signal once committed.
 */
async function stopRunning(tx: Tx, record: RecordEvent, where: Prisma.RunWhereInput, reason: RunReason): Promise<string[]> {
  const runs = await tx.run.findMany({ where: { ...where, status: { in: [...RUNNING] } }, select: { id: true, status: true } });
  const stopping: string[] = [];
  for (const run of runs) {
    if (run.status === "requires_action") await endWaitingRun(tx, record, run.id, { status: "cancelled", ...reason });
    else if (await transitionRun(tx, record, run.id, "cancelling", reasonFields(reason))) stopping.push(run.id);
  }
  return stopping;
}

/**
 * Ends, with the reason, a run that may not start or go on (see whyRunCannotStart); a reply it had
 * begun (a run queued again to continue) keeps its text, marked incomplete. No reason: a member
 * stopped it.
 */
export async function endUnstartable(tx: Tx, record: RecordEvent, runId: string, reason: RunReason | null): Promise<void> {
  const now = new Date();
  await transitionRun(tx, record, runId, "cancelled", { cancelledAt: now, completedAt: now, ...(reason ? reasonFields(reason) : {}) });
  const reply = await tx.message.findFirst({ where: { runId, status: "in_progress" }, select: { id: true, content: true } });
  if (reply) await finishAssistantReply(tx, record, { messageId: reply.id, content: reply.content, status: "incomplete" });
}

/** After the commit: stops the model streams of the runs asked to stop (their workers end them), and lets each queue move on. */
export async function signalStopped(runIds: string[]): Promise<void> {
  for (const runId of runIds) await announceCancel(runId);
  await wakeRunWorkers();
}

/** Archiving cancels the queued runs and stops the running ones (as "run.continue" says); unarchiving starts nothing by itself. */
export async function archiveThread(prisma: PrismaClient, { threadId, archived }: { threadId: string; archived: boolean }): Promise<ThreadDTO> {
  const { thread, stopping } = await withThreadEvents(prisma, async (tx, record) => {
    await lockRoom(tx, threadId);
    const thread = await setArchived(tx, record, { threadId, archived });
    if (!archived) return { thread, stopping: [] };
    await cancelQueued(tx, record, { threadId }, runReasons.archived("queued"));
    const stopping = threadStateAllows("run.continue", { archived }) ? [] : await stopRunning(tx, record, { threadId }, runReasons.archived("running"));
    return { thread, stopping };
  });
  await signalStopped(stopping);
  return thread;
}

/** A person leaves or is removed: the runs they asked for that have not started are cancelled; those under way finish. */
async function personGoes(tx: Tx, record: RecordEvent, { threadId, userId, how }: { threadId: string; userId: string; how: "left" | "removed" }): Promise<boolean> {
  await lockRoom(tx, threadId);
  const name = await removeMembership(tx, record, threadId, userId);
  if (name === null) return false;
  await cancelQueued(tx, record, { threadId, ...askedBy(userId) }, runReasons.askerGone(name, how));
  return true;
}

export async function leaveThread(prisma: PrismaClient, { userId, threadId }: { userId: string; threadId: string }): Promise<void> {
  await withThreadEvents(prisma, (tx, record) => personGoes(tx, record, { threadId, userId, how: "left" }));
  await wakeRunWorkers();
}

export async function removeMember(prisma: PrismaClient, { userId, threadId, memberId }: { userId: string; threadId: string; memberId: string }): Promise<ThreadDTO> {
  if (memberId === userId) throw new ValidationError("To remove yourself, leave the thread.");
  const thread = await withThreadEvents(prisma, async (tx, record) => {
    if (!(await personGoes(tx, record, { threadId, userId: memberId, how: "removed" }))) throw new NotFoundError("That person is not a member of this thread.");
    return threadDTO(tx, threadId);
  });
  await wakeRunWorkers();
  return thread;
}

/** Ends an assistant's runs in a thread whose room the caller has locked: queued ones cancelled, running ones stopped. */
async function endAssistantRuns(tx: Tx, record: RecordEvent, { threadId, assistantId }: { threadId: string; assistantId: string }, reason: (stage: RunStage) => RunReason) {
  await cancelQueued(tx, record, { threadId, assistantId }, reason("queued"));
  return stopRunning(tx, record, { threadId, assistantId }, reason("running"));
}

export async function removeAssistantFromThread(prisma: PrismaClient, { threadId, assistantId }: { threadId: string; assistantId: string }): Promise<ThreadDTO> {
  const { thread, stopping } = await withThreadEvents(prisma, async (tx, record) => {
    await lockRoom(tx, threadId);
    const name = await removeThreadAssistant(tx, record, { threadId, assistantId });
    const stopping = await endAssistantRuns(tx, record, { threadId, assistantId }, (stage) => runReasons.assistantRemoved(stage, name));
    return { thread: await threadDTO(tx, threadId), stopping };
  });
  await signalStopped(stopping);
  return thread;
}

/**
 * For deleting an assistant, in the deleting transaction before anything else: locks the rooms it
 * is in or has runs in (in one order, so that two deletions cannot deadlock) and ends its runs there.
 * Returns the runs to pass to signalStopped once committed.
 */
export async function endRunsOfDeletedAssistant(tx: Tx, record: RecordEvent, { assistantId, name }: { assistantId: string; name: string }): Promise<string[]> {
  // One after the other: a transaction is one connection, which takes one query at a time.
  const links = await tx.threadAssistant.findMany({ where: { assistantId }, select: { threadId: true } });
  const runs = await tx.run.findMany({ where: { assistantId, status: { in: ["queued", ...RUNNING] } }, select: { threadId: true } });
  const threadIds = [...new Set([...links, ...runs].map((row) => row.threadId))].sort();
  for (const threadId of threadIds) await lockRoom(tx, threadId);
  const stopping: string[] = [];
  for (const threadId of threadIds) stopping.push(...(await endAssistantRuns(tx, record, { threadId, assistantId }, (stage) => runReasons.assistantDeleted(stage, name))));
  return stopping;
}

/**
 * Why the run may not start, or go on, now: checked with its thread locked, so that the answer holds
 * until the caller's transaction commits. Null if it may. A run is under way once it has started
 * (claimed, or queued again to continue after function outputs).
 */
export async function whyRunCannotStart(tx: Tx, runId: string): Promise<RunReason | null> {
  const room = await lockRoomOfRun(tx, runId);
  const run = await tx.run.findUniqueOrThrow({
    where: { id: runId },
    select: { threadId: true, assistantId: true, startedAt: true, startedByUserId: true, retriedByUserId: true, assistant: { select: { name: true, deletedAt: true } } },
  });
  const stage: RunStage = run.startedAt ? "running" : "queued";
  if (!threadStateAllows(stage === "queued" ? "run.start" : "run.continue", room)) return runReasons.archived(stage);
  if (run.assistant.deletedAt) return runReasons.assistantDeleted(stage, run.assistant.name);
  const inThread = await tx.threadAssistant.count({ where: { threadId: run.threadId, assistantId: run.assistantId } });
  if (!inThread) return runReasons.assistantRemoved(stage, run.assistant.name);
  // A run under way finishes when the person who asked leaves; one that has not started does not start.
  const askerId = run.retriedByUserId ?? run.startedByUserId;
  if (stage === "queued" && askerId) {
    const asker = await tx.user.findUnique({ where: { id: askerId }, select: { name: true, memberships: { where: { threadId: run.threadId }, select: { role: true } } } });
    if (asker && asker.memberships.length === 0) return runReasons.askerGone(asker.name, "gone");
  }
  return null;
}
