import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { withThreadEvents } from "../events/record";
import { describeModelError, functionCallsError, streamChat, type ModelProvider, type Usage } from "../llm";
import { realtime } from "../realtime";
import { threadChannel } from "../realtime/channels";
import { modelTools } from "../tools";
import { acceptsImages, attachmentsForModel } from "./attachments";
import { executeHere, wakeRunWorkers, type StopReason } from "./control";
import type { RunStatus } from "./dto";
import { threadHistory } from "./history";
import { announceRun, queueRunsForMentions, transitionRun } from "./index";
import { buildModelInput } from "./prompt";
import { createAssistantReply, finishAssistantReply, liveReplies } from "./replies";

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

/** How a run ends when it did not complete, from why it was stopped (if it was) or what failed. */
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
      const message = await createAssistantReply(tx, record, { threadId, assistantId: assistant.id, runId });
      const step = await tx.runStep.create({
        data: { runId, type: "message_creation", messageId: message.id, details: { message_creation: { message_id: message.id } } },
      });
      await announceRun(tx, record, runId);
      return { messageId: message.id, stepId: step.id };
    });
    const { messageId } = reply;
    const model = run.overrideModel ?? assistant.model;
    const history = await threadHistory(prisma, { threadId, excludeMessageId: messageId });
    const trigger = history.find((message) => message.id === run.triggerMessageId);
    if (trigger) {
      trigger.attachments = await attachmentsForModel(prisma, {
        messageId: trigger.id!,
        images: !options.provider.demo && acceptsImages(model),
        textBudgetChars: options.fileTextChars,
      });
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
      await transitionRun(tx, record, runId, end.status, { ...common, ...stamps, lastErrorCode: end.code ?? null, lastErrorMessage: end.message ?? null });
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
    await transitionRun(tx, record, runId, "completed", { completedAt: now, ...tokens });

    // Hand-off: the reply mentions other assistants of the thread. A person posting resets the count.
    const others = message.mentions.filter((mention) => mention.kind === "assistant" && mention.id !== assistantId);
    if (others.length === 0) return false;
    const thread = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, select: { assistantChainLength: true } });
    if (thread.assistantChainLength >= maxHandoffs) return false;
    await tx.thread.update({ where: { id: threadId }, data: { assistantChainLength: { increment: 1 } } });
    const runs = await queueRunsForMentions(tx, record, { threadId, messageId: message.id, mentions: others, startedByUserId: null });
    return runs.length > 0;
  });
  if (handedOff) await wakeRunWorkers();
}
