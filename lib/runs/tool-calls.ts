import "server-only";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import type { ModelToolCall, Usage } from "../llm";
import { runToolCall, type ToolContext } from "../tools/registry";
import type { ToolDefinition } from "../tools";
import {
  applyToolOutputs,
  closeOpenCalls,
  isToolCallsStep,
  mayAnswer,
  pendingCalls,
  requiredActionFor,
  type ToolCallRecord,
  type ToolCallsStepDetails,
  type ToolOutput,
} from "../tools/steps";
import type { RunDTO } from "./dto";
import { announceRun, runDTO, runExpiry, transitionRun } from "./index";
import { finishAssistantReply } from "./replies";
import { wakeRunWorkers } from "./control";

// The tool loop's bookkeeping: each round of calls is a RunStep of type tool_calls; calls a person
// answers park the run in requires_action until every output is in, then it is queued again and
// continues from the stored steps.

const json = (value: unknown) => value as Prisma.InputJsonValue;

export function actionTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  return Number(env.RUN_ACTION_TIMEOUT_SECONDS || 600) * 1000;
}

/** The rounds a run made so far, oldest first: replayed to the model when it continues. */
export async function toolSteps(prisma: PrismaClient | Tx, runId: string): Promise<{ id: string; details: ToolCallsStepDetails }[]> {
  const steps = await prisma.runStep.findMany({ where: { runId, type: "tool_calls" }, orderBy: { createdAt: "asc" }, select: { id: true, details: true } });
  return steps.flatMap((step) => (isToolCallsStep(step.details) ? [{ id: step.id, details: step.details }] : []));
}

/**
 * One round: records the calls as a step (everyone sees them start), runs those the engine can run
 * (built-in tools, webhooks) side by side, and records their outputs. Calls for a person are left
 * waiting. Returns the step's details.
 */
export async function runToolRound(
  prisma: PrismaClient,
  { calls, text, tools, usage, context }: { calls: ModelToolCall[]; text: string; tools: ToolDefinition[]; usage: Usage | null; context: ToolContext },
): Promise<ToolCallsStepDetails> {
  const { runId } = context;
  const started = new Date().toISOString();
  let details: ToolCallsStepDetails = {
    type: "tool_calls",
    ...(text ? { text } : {}),
    tool_calls: calls.map((call): ToolCallRecord => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments, output: null },
      status: "in_progress",
      startedAt: started,
      completedAt: null,
      durationMs: null,
    })),
  };
  const step = await withThreadEvents(prisma, async (tx, record) => {
    const created = await tx.runStep.create({
      data: { runId, type: "tool_calls", details: json(details), promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens },
      select: { id: true },
    });
    await announceRun(tx, record, runId);
    return created;
  });
  const outcomes = await Promise.all(calls.map((call) => runToolCall(tools, call, context)));
  const now = new Date();
  details = {
    ...details,
    tool_calls: details.tool_calls.map((call, index) => {
      const outcome = outcomes[index]!;
      if (outcome.kind === "person") return { ...call, status: "requires_action", answeredBy: outcome.answeredBy };
      return {
        ...call,
        function: { ...call.function, output: outcome.result.output },
        status: outcome.result.failed ? "failed" : "completed",
        ...(outcome.result.details ? { details: outcome.result.details } : {}),
        completedAt: now.toISOString(),
        durationMs: now.getTime() - new Date(call.startedAt).getTime(),
      };
    }),
  };
  const waiting = pendingCalls(details).length > 0;
  await withThreadEvents(prisma, async (tx, record) => {
    await tx.runStep.update({
      where: { id: step.id },
      data: { details: json(details), ...(waiting ? {} : { status: "completed", completedAt: now }) },
    });
    await announceRun(tx, record, runId);
  });
  return details;
}

/**
 * Parks the run until people answer its waiting calls: the reply keeps its text so far, the run
 * keeps its usage so far, and it expires if nobody answers in time. Nothing executes it meanwhile,
 * so a restart leaves it waiting.
 */
export async function awaitOutputs(
  prisma: PrismaClient,
  { runId, messageId, content, usage, details }: { runId: string; messageId: string; content: string; usage: Usage | null; details: ToolCallsStepDetails },
): Promise<RunDTO | null> {
  return withThreadEvents(prisma, async (tx, record) => {
    await tx.message.update({ where: { id: messageId }, data: { content } });
    const tokens = usage ? { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.promptTokens + usage.completionTokens } : {};
    return transitionRun(tx, record, runId, "requires_action", {
      ...tokens,
      requiredAction: json(requiredActionFor(pendingCalls(details))),
      expiresAt: new Date(Date.now() + actionTimeoutMs()),
      workerId: null,
    });
  });
}

const PROBLEMS = {
  unknown: (callId: string) => new ValidationError(`This run has no call ${callId} waiting for an output.`),
  duplicate: (callId: string) => new ValidationError(`The output for ${callId} was given twice.`),
  tooLong: (callId: string) => new ValidationError(`The output for ${callId} is too long.`),
  answered: () => new ConflictError("That call has already been answered."),
};

/**
 * A member gives the outputs of waiting calls (some or all). Once every call of the round has
 * its output, the run is queued again and continues. Submitting for a run that is not waiting, or
 * for a call already answered, is a conflict.
 */
export async function submitToolOutputs(prisma: PrismaClient, { runId, userId, outputs }: { runId: string; userId: string; outputs: ToolOutput[] }): Promise<RunDTO> {
  const { run, resumed } = await withThreadEvents(prisma, async (tx, record) => {
    // One submission at a time per run: the second sees what the first did.
    await tx.$queryRaw`SELECT 1 FROM "Run" WHERE "id" = ${runId} FOR UPDATE`;
    const current = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, startedByUserId: true, startedBy: { select: { name: true } } } });
    if (current.status !== "requires_action") throw new ConflictError("This run is not waiting for function outputs.");
    const step = (await toolSteps(tx, runId)).findLast(({ details }) => pendingCalls(details).length > 0);
    if (!step) throw new ConflictError("This run is not waiting for function outputs.");
    for (const { tool_call_id: callId } of outputs) {
      const call = step.details.tool_calls.find((candidate) => candidate.id === callId);
      if (call && call.status === "requires_action" && !mayAnswer(call, { userId, startedByUserId: current.startedByUserId })) {
        throw new ForbiddenError(`Only ${current.startedBy?.name ?? "the person who started this run"} can answer ${call.function.name}.`);
      }
    }
    const applied = applyToolOutputs(step.details, outputs, { userId });
    if (!applied.ok) throw PROBLEMS[applied.problem.kind](applied.problem.callId);
    const now = new Date();
    await tx.runStep.update({ where: { id: step.id }, data: { details: json(applied.details), ...(applied.complete ? { status: "completed", completedAt: now } : {}) } });
    if (!applied.complete) {
      await tx.run.update({ where: { id: runId }, data: { requiredAction: json(requiredActionFor(pendingCalls(applied.details))) } });
      return { run: await announceRun(tx, record, runId), resumed: false };
    }
    const queued = await transitionRun(tx, record, runId, "queued", { requiredAction: Prisma.DbNull, expiresAt: runExpiry() });
    return { run: queued ?? (await runDTO(tx, runId)), resumed: queued !== null };
  });
  if (resumed) await wakeRunWorkers();
  return run;
}

/**
 * Ends a run that waits for outputs (cancelled, expired, or its thread archived): its waiting calls
 * are closed, its reply keeps what it said as incomplete.
 */
export async function endWaitingRun(
  tx: Tx,
  record: RecordEvent,
  runId: string,
  end: { status: "cancelled" | "expired" | "failed"; code?: string; message?: string },
): Promise<RunDTO | null> {
  const now = new Date();
  const moved = await transitionRun(tx, record, runId, end.status, {
    completedAt: now,
    requiredAction: Prisma.DbNull,
    ...(end.status === "cancelled" ? { cancelledAt: now } : end.status === "failed" ? { failedAt: now } : {}),
    lastErrorCode: end.code ?? null,
    lastErrorMessage: end.message ?? null,
  });
  if (!moved) return null;
  for (const step of await toolSteps(tx, runId)) {
    if (pendingCalls(step.details).length === 0) continue;
    await tx.runStep.update({ where: { id: step.id }, data: { details: json(closeOpenCalls(step.details, end.status, now)), status: end.status, completedAt: now } });
  }
  const reply = await tx.message.findFirst({ where: { runId, status: "in_progress" }, select: { id: true, content: true } });
  if (reply) await finishAssistantReply(tx, record, { messageId: reply.id, content: reply.content, status: "incomplete" });
  await tx.runStep.updateMany({ where: { runId, status: "in_progress" }, data: { status: end.status, completedAt: now } });
  return announceRun(tx, record, runId);
}

export const ACTION_EXPIRED_MESSAGE = "Nobody gave the function outputs in time, so the run expired.";

/** Expires the runs whose wait for outputs is over. */
export async function expireWaitingRuns(prisma: PrismaClient, now = new Date()): Promise<void> {
  const overdue = await prisma.run.findMany({ where: { status: "requires_action", expiresAt: { lt: now } }, select: { id: true } });
  for (const { id } of overdue) {
    await withThreadEvents(prisma, (tx, record) => endWaitingRun(tx, record, id, { status: "expired", code: "expired", message: ACTION_EXPIRED_MESSAGE }));
  }
}
