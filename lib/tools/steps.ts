import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { TOOL_OUTPUT_MAX_CHARS } from "./index";

// Tool calls as a run records them: RunStep details and Run.requiredAction in OpenAI's Assistants
// shapes, with our own status, timings and answerer per call beside them. Types and pure
// functions only, shared by the run engine, the HTTP API and the browser.

export type ToolCallStatus = "in_progress" | "requires_action" | "completed" | "failed" | "cancelled" | "expired";
export type Answerer = "member" | "starter";

/**
 * One call. `type` is "function" for functions; built-in tools use their own ("file_search",
 * "code_interpreter") and keep OpenAI's object for it in `details`. `function` always holds what
 * the model saw, so that any round can be replayed to it.
 */
export type ToolCallRecord = {
  id: string;
  type: "function" | "file_search" | "code_interpreter";
  function: { name: string; arguments: string; output: string | null };
  status: ToolCallStatus;
  /** For a call a person answers: who may. */
  answeredBy?: Answerer;
  /** Who did. */
  answeredByUserId?: string | null;
  startedAt: string;
  completedAt: string | null;
  durationMs: number | null;
  /** Webhook attempts; a built-in tool's own record. */
  details?: Record<string, unknown>;
};

export type ToolCallsStepDetails = {
  type: "tool_calls";
  tool_calls: ToolCallRecord[];
  /** Text the model wrote before calling, replayed with the calls. */
  text?: string;
};

export type RequiredAction = {
  type: "submit_tool_outputs";
  submit_tool_outputs: { tool_calls: { id: string; type: "function"; function: { name: string; arguments: string } }[] };
};

export type ToolOutput = { tool_call_id: string; output: string };

export const FINISHED_CALL_STATUSES: readonly ToolCallStatus[] = ["completed", "failed", "cancelled", "expired"];

export function isToolCallsStep(details: unknown): details is ToolCallsStepDetails {
  return typeof details === "object" && details !== null && (details as { type?: unknown }).type === "tool_calls" && Array.isArray((details as { tool_calls?: unknown }).tool_calls);
}

/** The calls still waiting for a person. */
export function pendingCalls(details: ToolCallsStepDetails): ToolCallRecord[] {
  return details.tool_calls.filter((call) => call.status === "requires_action");
}

/** What a run waiting on these calls shows as its required action (OpenAI's shape). */
export function requiredActionFor(calls: ToolCallRecord[]): RequiredAction {
  return {
    type: "submit_tool_outputs",
    submit_tool_outputs: { tool_calls: calls.map((call) => ({ id: call.id, type: "function", function: { name: call.function.name, arguments: call.function.arguments } })) },
  };
}

/** A call ended now with this output. */
export function finishCall(call: ToolCallRecord, outcome: { output: string; failed: boolean; details?: Record<string, unknown>; userId?: string }, now = new Date()): ToolCallRecord {
  return {
    ...call,
    function: { ...call.function, output: outcome.output },
    status: outcome.failed ? "failed" : "completed",
    ...(outcome.userId !== undefined ? { answeredByUserId: outcome.userId } : {}),
    ...(outcome.details ? { details: { ...call.details, ...outcome.details } } : {}),
    completedAt: now.toISOString(),
    durationMs: Math.max(0, now.getTime() - new Date(call.startedAt).getTime()),
  };
}

export type OutputsProblem = { kind: "unknown"; callId: string } | { kind: "answered"; callId: string } | { kind: "tooLong"; callId: string } | { kind: "duplicate"; callId: string };

/**
 * Puts submitted outputs into the step: each must name a call still waiting, once. Some calls may
 * stay waiting (each card in the thread is answered on its own). Returns the problem instead when
 * there is one, and changes nothing.
 */
export function applyToolOutputs(
  details: ToolCallsStepDetails,
  outputs: ToolOutput[],
  { userId, now = new Date() }: { userId: string; now?: Date },
): { ok: true; details: ToolCallsStepDetails; complete: boolean } | { ok: false; problem: OutputsProblem } {
  const byId = new Map<string, string>();
  for (const { tool_call_id: callId, output } of outputs) {
    const call = details.tool_calls.find((candidate) => candidate.id === callId);
    if (!call) return { ok: false, problem: { kind: "unknown", callId } };
    if (call.status !== "requires_action") return { ok: false, problem: { kind: "answered", callId } };
    if (byId.has(callId)) return { ok: false, problem: { kind: "duplicate", callId } };
    if (output.length > TOOL_OUTPUT_MAX_CHARS) return { ok: false, problem: { kind: "tooLong", callId } };
    byId.set(callId, output);
  }
  const tool_calls = details.tool_calls.map((call) => {
    const output = byId.get(call.id);
    return output === undefined ? call : finishCall(call, { output, failed: false, userId }, now);
  });
  return { ok: true, details: { ...details, tool_calls }, complete: tool_calls.every((call) => call.status !== "requires_action") };
}

/** Ends the calls still open (the run was cancelled or expired): each says so to whoever reads the trace. */
export function closeOpenCalls(details: ToolCallsStepDetails, status: "cancelled" | "expired" | "failed", now = new Date()): ToolCallsStepDetails {
  return {
    ...details,
    tool_calls: details.tool_calls.map((call) =>
      FINISHED_CALL_STATUSES.includes(call.status) ? call : { ...call, status, completedAt: now.toISOString(), durationMs: Math.max(0, now.getTime() - new Date(call.startedAt).getTime()) },
    ),
  };
}

/** What replaying a round needs: a step's details, or Try it's rounds kept in the browser. */
export type ToolRound = { text?: string; tool_calls: Pick<ToolCallRecord, "id" | "function">[] };

/**
 * The rounds so far, as the model is shown them to continue: for each step, the assistant's
 * message with its calls, then one tool message per call with its output.
 */
export function toolRoundMessages(steps: ToolRound[]): ChatCompletionMessageParam[] {
  return steps.flatMap((step): ChatCompletionMessageParam[] => [
    {
      role: "assistant",
      content: step.text || null,
      tool_calls: step.tool_calls.map((call) => ({ id: call.id, type: "function", function: { name: call.function.name, arguments: call.function.arguments } })),
    },
    ...step.tool_calls.map((call): ChatCompletionMessageParam => ({ role: "tool", tool_call_id: call.id, content: call.function.output ?? "Error: this call has no output." })),
  ]);
}

/** Who may answer a call: anyone in the thread, or only the person who started the run (anyone, for a hand-off run). */
export function mayAnswer(call: ToolCallRecord, { userId, startedByUserId }: { userId: string; startedByUserId: string | null }): boolean {
  return call.answeredBy !== "starter" || startedByUserId === null || startedByUserId === userId;
}

/** Arguments or output for people to read: JSON pretty-printed, anything else as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
