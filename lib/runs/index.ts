import "server-only";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { canAttach } from "../files/access";
import type { Mention } from "../mentions";
import { threadStateAllows } from "../access/policy";
import { FINISHED_RUN_STATUSES, RETRYABLE_RUN_STATUSES, type RunDTO, type RunOverrides, type RunStatus } from "./dto";
import { lockRoom, lockRoomOfRun } from "./lock";
import { runOverrides } from "./schema";
import { announceCancel, wakeRunWorkers } from "./control";
import { enforce } from "../ratelimit";

/** Which status may follow which: the one place a run's lifecycle is defined. */
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["in_progress", "cancelled", "expired"],
  in_progress: ["requires_action", "cancelling", "completed", "failed", "cancelled", "expired"],
  requires_action: ["in_progress", "cancelling", "cancelled", "failed", "expired"],
  cancelling: ["cancelled", "completed", "failed", "expired"],
  cancelled: [],
  failed: [],
  completed: [],
  expired: [],
};

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

function sourcesOf(to: RunStatus): RunStatus[] {
  return (Object.keys(TRANSITIONS) as RunStatus[]).filter((from) => canTransition(from, to));
}

export function runExpiry(env = process.env): Date {
  return new Date(Date.now() + Number(env.RUN_EXPIRES_AFTER_SECONDS || 600) * 1000);
}

const runSelect = {
  id: true,
  threadId: true,
  status: true,
  triggerMessageId: true,
  overrideModel: true,
  overrideInstructions: true,
  overrideTools: true,
  overrideFiles: true,
  promptTokens: true,
  completionTokens: true,
  totalTokens: true,
  lastErrorCode: true,
  lastErrorMessage: true,
  note: true,
  revision: true,
  retryOfId: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
  cancelledAt: true,
  failedAt: true,
  expiresAt: true,
  assistant: { select: { id: true, name: true, handle: true, color: true, model: true } },
  startedBy: { select: { id: true, name: true } },
  retriedBy: { select: { id: true, name: true } },
  retry: { select: { id: true } },
  files: { select: { fileId: true } },
  messages: { select: { id: true }, take: 1 },
  steps: { orderBy: { createdAt: "asc" } },
} satisfies Prisma.RunSelect;

type RunRow = Prisma.RunGetPayload<{ select: typeof runSelect }>;
const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toRunDTO(run: RunRow): RunDTO {
  const { model, ...assistant } = run.assistant;
  return {
    id: run.id,
    threadId: run.threadId,
    assistant,
    status: run.status,
    model: run.overrideModel ?? model,
    overrides: {
      model: run.overrideModel,
      instructions: run.overrideInstructions,
      tools: run.overrideTools,
      files: run.overrideFiles ? run.files.map((file) => file.fileId) : null,
    },
    triggerMessageId: run.triggerMessageId,
    startedBy: run.startedBy,
    retriedBy: run.retriedBy,
    retryOf: run.retryOfId,
    retriedAs: run.retry?.id ?? null,
    replyMessageId: run.messages[0]?.id ?? null,
    usage: { promptTokens: run.promptTokens, completionTokens: run.completionTokens, totalTokens: run.totalTokens },
    error: run.lastErrorCode ? { code: run.lastErrorCode, message: run.lastErrorMessage ?? "" } : null,
    note: run.note,
    revision: run.revision,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    completedAt: iso(run.completedAt),
    cancelledAt: iso(run.cancelledAt),
    failedAt: iso(run.failedAt),
    expiresAt: iso(run.expiresAt),
    steps: run.steps.map((step) => ({
      id: step.id,
      type: step.type,
      status: step.status,
      details: step.details,
      promptTokens: step.promptTokens,
      completionTokens: step.completionTokens,
      createdAt: step.createdAt.toISOString(),
      completedAt: iso(step.completedAt),
    })),
  };
}

export async function runDTO(prisma: PrismaClient | Tx, runId: string): Promise<RunDTO> {
  return toRunDTO(await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: runSelect }));
}

/** Announces the run's current state to the thread, as a new revision of it. */
export async function announceRun(tx: Tx, record: RecordEvent, runId: string): Promise<RunDTO> {
  await lockRoomOfRun(tx, runId);
  const run = toRunDTO(await tx.run.update({ where: { id: runId }, data: { revision: { increment: 1 } }, select: runSelect }));
  await record(run.threadId, { type: "run.updated", run });
  return run;
}

/**
 * Moves the run to `to` if its lifecycle allows it from where it is now (checked and changed in one
 * statement, so concurrent changes cannot both win). Returns the run, or null if it could not move.
 */
export async function transitionRun(
  tx: Tx,
  record: RecordEvent,
  runId: string,
  to: RunStatus,
  data: Prisma.RunUpdateManyMutationInput = {},
): Promise<RunDTO | null> {
  await lockRoomOfRun(tx, runId);
  const { count } = await tx.run.updateMany({ where: { id: runId, status: { in: sourcesOf(to) } }, data: { ...data, status: to } });
  return count === 0 ? null : announceRun(tx, record, runId);
}

export function parseOverrides(input: unknown): RunOverrides | undefined {
  if (input === undefined || input === null) return undefined;
  const parsed = runOverrides.safeParse(input);
  if (!parsed.success) throw new ValidationError(`Run options: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const overrides = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined && value !== ""));
  return Object.keys(overrides).length ? (overrides as RunOverrides) : undefined;
}

/** The overridden files must be ones the person may attach (lib/files/access.ts); without a person, none. */
async function checkFiles(tx: Tx, userId: string | null, fileIds: string[]): Promise<void> {
  if (!(await canAttach(tx, { userId, fileIds }))) throw new ValidationError("Run options: some of those files do not exist, or you may not attach them.");
}

/**
 * Queues one run per assistant the message mentions, in mention order, for the assistants that
 * take part in the thread, if the thread lets runs start. The caller wakes the workers after its
 * transaction commits.
 */
export async function queueRunsForMentions(
  tx: Tx,
  record: RecordEvent,
  { threadId, messageId, mentions, startedByUserId, overrides }: { threadId: string; messageId: string; mentions: Mention[]; startedByUserId: string | null; overrides?: RunOverrides },
): Promise<RunDTO[]> {
  const wanted = mentions.filter((mention) => mention.kind === "assistant").map((mention) => mention.id);
  if (wanted.length === 0) return [];
  if (!threadStateAllows("run.start", await lockRoom(tx, threadId))) return [];
  const present = await tx.threadAssistant.findMany({
    where: { threadId, assistantId: { in: wanted }, assistant: { deletedAt: null } },
    select: { assistantId: true },
  });
  const inThread = new Set(present.map((row) => row.assistantId));
  if (overrides?.fileIds?.length) await checkFiles(tx, startedByUserId, overrides.fileIds);
  const starting = wanted.filter((id) => inThread.has(id));
  // Counted before anything is written: past the limit the whole post is refused, not half done.
  if (startedByUserId) for (let n = 0; n < starting.length; n++) await enforce("runStart", startedByUserId);
  const runs: RunDTO[] = [];
  for (const assistantId of starting) {
    const run = await tx.run.create({
      data: {
        threadId,
        assistantId,
        triggerMessageId: messageId,
        startedByUserId,
        overrideModel: overrides?.model ?? null,
        overrideInstructions: overrides?.instructions ?? null,
        overrideTools: (overrides?.tools as Prisma.InputJsonValue | undefined) ?? undefined,
        overrideFiles: overrides?.fileIds !== undefined,
        files: overrides?.fileIds ? { create: overrides.fileIds.map((fileId) => ({ fileId })) } : undefined,
        expiresAt: runExpiry(),
      },
      select: { id: true },
    });
    runs.push(await announceRun(tx, record, run.id));
  }
  return runs;
}

/**
 * Any member may cancel. A queued run is cancelled at once; a running one goes to cancelling, and
 * its worker stops the model stream and finishes the cancellation.
 */
export async function cancelRun(prisma: PrismaClient, { runId }: { runId: string }): Promise<RunDTO> {
  const run = await withThreadEvents(prisma, async (tx, record) => {
    const current = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    if (FINISHED_RUN_STATUSES.includes(current.status)) throw new ConflictError("This run has already finished.");
    const now = new Date();
    // A running run is finished by its worker, which owns its reply; a queued one has none yet.
    const moved =
      current.status === "queued"
        ? await transitionRun(tx, record, runId, "cancelled", { cancelledAt: now, completedAt: now })
        : await transitionRun(tx, record, runId, "cancelling", {});
    return moved ?? runDTO(tx, runId);
  });
  if (run.status === "cancelling") await announceCancel(runId);
  await wakeRunWorkers();
  return run;
}

/**
 * Starts the same run again (same assistant, message and options) after it failed, expired or was
 * cancelled. An attempt is retried once: a second Retry of it, even at the same moment, answers the
 * retry that was made. The retry keeps who asked for the first attempt, and records who pressed Retry.
 */
export async function retryRun(prisma: PrismaClient, { userId, runId }: { userId: string; runId: string }): Promise<RunDTO> {
  const { run, created } = await withThreadEvents(prisma, async (tx, record) => {
    const room = await lockRoomOfRun(tx, runId);
    // Concurrent retries of this attempt queue here, and each after the first finds its retry.
    await tx.$queryRaw`SELECT 1 FROM "Run" WHERE "id" = ${runId} FOR UPDATE`;
    const old = await tx.run.findUniqueOrThrow({ where: { id: runId }, include: { files: true, retry: { select: { id: true } } } });
    if (old.retry) return { run: await runDTO(tx, old.retry.id), created: false };
    if (!RETRYABLE_RUN_STATUSES.includes(old.status)) throw new ConflictError("Only a failed, expired or cancelled run can be retried.");
    if (!threadStateAllows("run.retry", room)) throw new ConflictError("This thread is archived.");
    const inThread = await tx.threadAssistant.count({ where: { threadId: old.threadId, assistantId: old.assistantId, assistant: { deletedAt: null } } });
    if (!inThread) throw new ConflictError("That assistant is not in this thread any more. Add it to the thread, then retry.");
    const retry = await tx.run.create({
      data: {
        threadId: old.threadId,
        assistantId: old.assistantId,
        triggerMessageId: old.triggerMessageId,
        startedByUserId: old.startedByUserId,
        retriedByUserId: userId,
        retryOfId: old.id,
        overrideModel: old.overrideModel,
        overrideInstructions: old.overrideInstructions,
        overrideTools: old.overrideTools ?? undefined,
        overrideFiles: old.overrideFiles,
        files: { create: old.files.map((file) => ({ fileId: file.fileId })) },
        expiresAt: runExpiry(),
      },
      select: { id: true },
    });
    // The old attempt no longer offers Retry: everyone learns so with its next revision.
    await announceRun(tx, record, old.id);
    return { run: await announceRun(tx, record, retry.id), created: true };
  });
  if (created) await wakeRunWorkers();
  return run;
}

export async function listRunsForThread(prisma: PrismaClient, { threadId, limit = 50 }: { threadId: string; limit?: number }) {
  const runs = await prisma.run.findMany({ where: { threadId }, orderBy: { queueOrder: "desc" }, take: Math.min(limit, 200), select: runSelect });
  return runs.map(toRunDTO);
}

/** An assistant's runs across the threads this person is a member of, newest first. */
export async function listRunsForAssistant(prisma: PrismaClient, { userId, assistantId, limit = 50 }: { userId: string; assistantId: string; limit?: number }) {
  const runs = await prisma.run.findMany({
    where: { assistantId, thread: { members: { some: { userId } } } },
    orderBy: { queueOrder: "desc" },
    take: Math.min(limit, 200),
    select: { ...runSelect, thread: { select: { title: true } } },
  });
  return runs.map((run) => ({ ...toRunDTO(run), threadTitle: run.thread.title }));
}
