import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents } from "../events/record";
import { describeModelError, functionCallsError, streamChat, type ModelProvider, type Usage } from "../llm";
import { realtime } from "../realtime";
import { threadChannel } from "../realtime/channels";
import { modelTools } from "../tools";
import { acceptsImages, attachmentsForModel, unseenImagesNote } from "./attachments";
import { executeHere, wakeRunWorkers, type StopReason } from "./control";
import type { RunStatus } from "./dto";
import { handOff } from "./hand-off";
import { threadHistory } from "./history";
import { announceRun, transitionRun } from "./index";
import { buildModelInput } from "./prompt";
import { createAssistantReply, finishAssistantReply, liveReplies } from "./replies";
import { endUnstartable, whyRunCannotStart } from "./room";

export type ExecuteOptions = {
  provider: ModelProvider;
  /** What the model input may use, in (estimated) tokens. */
  contextTokens: number;
  /** How often the run says it is alive, and learns of a cancel made on another instance. */
  heartbeatMs: number;
  /** Consecutive assistant-started runs allowed in a thread before hand-offs stop. */
  maxHandoffs: number;
  /** How much of the triggering message's files' text the model input may carry. */
  fileTextChars: number;
};

/** Reply text is written to the database this often while streaming, for viewers who reload. */
const FLUSH_MS = 1_000;

export const INTERRUPTED_MESSAGE = "The server stopped while this run was in progress. Retry it to run it again.";

/**
 * How a run ends when it did not complete, from why it was stopped (if it was) or what failed. A
 * cancelled run keeps the reason stored when it was asked to stop (none when a member stopped it).
 */
function ending(reason: StopReason | null, error: unknown): { status: RunStatus; code?: string; message?: string } {
  if (reason === "cancelled") return { status: "cancelled" };
  if (reason === "expired") return { status: "expired", code: "expired", message: "The run did not finish within its time limit." };
  if (reason === "interrupted") return { status: "failed", code: "interrupted", message: INTERRUPTED_MESSAGE };
  return { status: "failed", ...describeModelError(error) };
}

const STOP_REASONS: readonly unknown[] = ["cancelled", "expired", "interrupted"] satisfies StopReason[];

const STEP_STATUS = { completed: "completed", cancelled: "cancelled", expired: "expired", failed: "failed" } as const;

/** Executes a run that this worker has just moved to in_progress, to whatever end it comes. */
export async function executeRun(prisma: PrismaClient, runId: string, options: ExecuteOptions): Promise<void> {
  // Registered before anything else, so that a stop reaches the run from its start; unregistered whatever happens.
  const controller = new AbortController();
  const unregister = await executeHere(runId, controller);
  try {
    await execute(prisma, runId, options, controller);
  } finally {
    unregister();
  }
}

async function execute(prisma: PrismaClient, runId: string, options: ExecuteOptions, controller: AbortController): Promise<void> {
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { assistant: true } });
  const { threadId, assistant } = run;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let reply: { messageId: string; stepId: string } | null = null;
  let content = "";
  let usage: Usage | null = null;

  if (run.expiresAt) timers.push(setTimeout(() => controller.abort("expired" satisfies StopReason), Math.max(0, run.expiresAt.getTime() - Date.now())));
  const heartbeat = setInterval(() => {
    void prisma.run
      .update({ where: { id: runId }, data: { heartbeatAt: new Date() }, select: { status: true } })
      .then(({ status }) => status === "cancelling" && controller.abort("cancelled" satisfies StopReason))
      .catch(() => {});
  }, options.heartbeatMs);

  try {
    reply = await withThreadEvents(prisma, async (tx, record) => {
      // The last check before the model is called, under the thread's lock: a change to the room
      // committed since the claim ends the run here; one committed after reaches it as a stop.
      const blocked = await whyRunCannotStart(tx, runId);
      const { status } = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
      if (blocked || status !== "in_progress") {
        await endUnstartable(tx, record, runId, blocked);
        return null;
      }
      const message = await createAssistantReply(tx, record, { threadId, assistantId: assistant.id, runId });
      const step = await tx.runStep.create({
        data: { runId, type: "message_creation", messageId: message.id, details: { message_creation: { message_id: message.id } } },
      });
      await announceRun(tx, record, runId);
      return { messageId: message.id, stepId: step.id };
    });
    if (!reply) return;
    const { messageId } = reply;
    const model = run.overrideModel ?? assistant.model;
    const history = await threadHistory(prisma, { threadId, excludeMessageId: messageId });
    const trigger = history.find((message) => message.id === run.triggerMessageId);
    if (trigger) {
      const { unseen, ...attachments } = await attachmentsForModel(prisma, {
        messageId: trigger.id!,
        images: !options.provider.demo && acceptsImages(model),
        textBudgetChars: options.fileTextChars,
      });
      trigger.attachments = attachments;
      const note = unseenImagesNote(model, unseen);
      if (note) {
        await withThreadEvents(prisma, async (tx, record) => {
          await tx.run.update({ where: { id: runId }, data: { note }, select: { id: true } });
          await announceRun(tx, record, runId);
        });
      }
    }
    const messages = buildModelInput({
      assistant,
      instructions: run.overrideInstructions ?? assistant.instructions,
      history,
      contextTokens: options.contextTokens,
    });
    let flushedAt = Date.now();
    for await (const event of streamChat(
      options.provider,
      { model, messages, temperature: assistant.temperature, tools: modelTools(run.overrideTools ?? assistant.tools) },
      controller.signal,
    )) {
      if (event.type === "usage") {
        usage = event.usage;
        continue;
      }
      if (event.type === "function_calls") throw functionCallsError(event.names);
      const offset = content.length;
      content += event.delta;
      liveReplies().set(messageId, content);
      await realtime().publish(threadChannel(threadId), { type: "message.delta", messageId, offset, delta: event.delta });
      if (Date.now() - flushedAt > FLUSH_MS) {
        flushedAt = Date.now();
        await prisma.message.update({ where: { id: messageId }, data: { content } });
      }
    }
    if (controller.signal.aborted) throw controller.signal.reason;
    await complete(prisma, { runId, threadId, assistantId: assistant.id, reply, content, usage, maxHandoffs: options.maxHandoffs });
  } catch (error) {
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : null;
    const end = ending(STOP_REASONS.includes(reason) ? (reason as StopReason) : null, error);
    await withThreadEvents(prisma, async (tx, record) => {
      if (reply) {
        await finishAssistantReply(tx, record, { messageId: reply.messageId, content, status: "incomplete" });
        await tx.runStep.update({
          where: { id: reply.stepId },
          data: { status: STEP_STATUS[end.status as keyof typeof STEP_STATUS], completedAt: new Date(), lastErrorCode: end.code, lastErrorMessage: end.message },
        });
      }
      const now = new Date();
      const common = { completedAt: now, promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens };
      const stamps = end.status === "cancelled" ? { cancelledAt: now } : end.status === "failed" ? { failedAt: now } : {};
      const error = end.status === "cancelled" ? {} : { lastErrorCode: end.code ?? null, lastErrorMessage: end.message ?? null };
      await transitionRun(tx, record, runId, end.status, { ...common, ...stamps, ...error });
    });
  } finally {
    clearInterval(heartbeat);
    timers.forEach(clearTimeout);
    if (reply) liveReplies().delete(reply.messageId);
    await wakeRunWorkers();
  }
}

async function complete(
  prisma: PrismaClient,
  { runId, threadId, assistantId, reply, content, usage, maxHandoffs }: {
    runId: string;
    threadId: string;
    assistantId: string;
    reply: { messageId: string; stepId: string };
    content: string;
    usage: Usage | null;
    maxHandoffs: number;
  },
): Promise<void> {
  const handedOff = await withThreadEvents(prisma, async (tx, record) => {
    const message = await finishAssistantReply(tx, record, { messageId: reply.messageId, content, status: "completed" });
    const now = new Date();
    await tx.runStep.update({
      where: { id: reply.stepId },
      data: { status: "completed", completedAt: now, promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens },
    });
    const tokens = usage ? { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.promptTokens + usage.completionTokens } : {};
    // A reply that finished as it was asked to stop is complete all the same: the stop's reason goes.
    const completed = await transitionRun(tx, record, runId, "completed", { completedAt: now, ...tokens, lastErrorCode: null, lastErrorMessage: null });
    return completed !== null && handOff(tx, record, { threadId, assistantId, reply: message, maxHandoffs });
  });
  if (handedOff) await wakeRunWorkers();
}
