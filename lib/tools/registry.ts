import "server-only";
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import type { FunctionDefinition } from "openai/resources/shared";
import type { PrismaClient } from "../db/generated/client";
import { deliverWebhook } from "../webhooks";
import { parseArguments } from "./arguments";
import { BUILTIN_FUNCTION_NAMES, modelFunction, outputOf, TOOL_OUTPUT_MAX_CHARS, type BuiltinToolType, type FunctionTool, type ToolDefinition } from "./index";
import { webhookSecretFor } from "./secrets";
import type { Answerer } from "./steps";

// The tools a run can call, and how each call gets its output: built-in tools (retrieval, the code
// interpreter) register an executor here; functions are answered by their webhook or by a person.

/** A call as the model made it (arguments as streamed: JSON text, perhaps broken). */
export type ToolCall = { id: string; name: string; arguments: string };

export type ToolContext = { prisma: PrismaClient; runId: string; threadId: string; assistantId: string; signal: AbortSignal };

/** A finished call: its output for the model, whether it failed, and what the run step records besides. */
export type ToolResult = { output: string; failed: boolean; details?: Record<string, unknown> };

export type BuiltinTool = {
  type: BuiltinToolType;
  /** What the model is told; its name is BUILTIN_FUNCTION_NAMES[type]. */
  definition: FunctionDefinition;
  /** Why it cannot run here now (a missing sandbox, say), or null: then the model is not offered it. */
  unavailable?: () => string | null;
  execute: (args: unknown, call: ToolCall, context: ToolContext) => Promise<ToolResult>;
};

/** Rounds of tool calls a run may make before it is stopped (a model calling tools in a loop). */
export function maxToolRounds(env: Record<string, string | undefined> = process.env): number {
  return Math.max(1, Number(env.RUN_MAX_TOOL_ROUNDS || 8));
}

export function toolRoundsMessage(limit: number): string {
  return `Stopped after ${limit} rounds of tool calls: the model kept calling tools without answering. (RUN_MAX_TOOL_ROUNDS sets the limit.)`;
}

const builtins = new Map<BuiltinToolType, BuiltinTool>();

export function registerBuiltinTool(tool: BuiltinTool): void {
  if (tool.definition.name !== BUILTIN_FUNCTION_NAMES[tool.type]) throw new Error(`The ${tool.type} tool must be called ${BUILTIN_FUNCTION_NAMES[tool.type]}.`);
  builtins.set(tool.type, tool);
}

function availableBuiltin(type: BuiltinToolType): BuiltinTool | null {
  const tool = builtins.get(type);
  return tool && !tool.unavailable?.() ? tool : null;
}

/** What the model is offered: the functions, and the built-in tools switched on that can run here. */
export function toolsForModel(tools: ToolDefinition[]): ChatCompletionTool[] {
  return tools.flatMap((tool): ChatCompletionTool[] => {
    if (tool.type === "function") return [modelFunction(tool)];
    const builtin = availableBuiltin(tool.type);
    return builtin ? [{ type: "function", function: builtin.definition }] : [];
  });
}

/** What became of a call: finished with an output, or waiting for a person in the thread. */
export type CallOutcome = { kind: "output"; result: ToolResult } | { kind: "person"; answeredBy: Answerer };

function shorten(text: string): string {
  return text.length > TOOL_OUTPUT_MAX_CHARS ? `${text.slice(0, TOOL_OUTPUT_MAX_CHARS)}\n…(output shortened to ${TOOL_OUTPUT_MAX_CHARS} characters)` : text;
}

const failed = (output: string): CallOutcome => ({ kind: "output", result: { output, failed: true } });

async function callWebhook(fn: FunctionTool, output: Extract<ReturnType<typeof outputOf>, { source: "webhook" }>, args: unknown, call: ToolCall, context: ToolContext): Promise<CallOutcome> {
  const secret = await webhookSecretFor(context.prisma, { assistantId: context.assistantId, secretId: output.secretId, url: output.url });
  if (!secret) return failed(`Error: ${fn.function.name} cannot be called: its webhook has no signing secret. Its owner must save it on the assistant's page.`);
  const result = await deliverWebhook({
    url: output.url,
    secret,
    callId: call.id,
    timeoutMs: output.timeoutSeconds * 1000,
    retries: output.retries,
    signal: context.signal,
    payload: { run_id: context.runId, thread_id: context.threadId, assistant_id: context.assistantId, call_id: call.id, name: fn.function.name, arguments: args },
  });
  const details = { attempts: result.attempts };
  return { kind: "output", result: result.ok ? { output: shorten(result.body), failed: false, details } : { output: `Error: ${result.error}`, failed: true, details } };
}

/**
 * Runs one call as far as the run engine can: a built-in tool or a webhook gives its output now;
 * a person-answered function waits. Arguments are checked against the schema first. Never throws:
 * every failure (unknown tool, bad arguments, a webhook down) becomes the output, for the model to
 * read and correct itself.
 */
export async function runToolCall(tools: ToolDefinition[], call: ToolCall, context: ToolContext): Promise<CallOutcome> {
  const fn = tools.find((tool): tool is FunctionTool => tool.type === "function" && tool.function.name === call.name);
  const builtinType = (Object.keys(BUILTIN_FUNCTION_NAMES) as BuiltinToolType[]).find((type) => BUILTIN_FUNCTION_NAMES[type] === call.name && tools.some((tool) => tool.type === type));
  const builtin = builtinType ? availableBuiltin(builtinType) : null;
  if (!fn && !builtin) return failed(`Error: there is no tool called ${call.name}. Use one of the tools you were given.`);
  const args = parseArguments(call.name, call.arguments, fn ? fn.function.parameters : builtin!.definition.parameters);
  if (!args.ok) return failed(args.error);
  if (builtin) {
    try {
      const result = await builtin.execute(args.value, call, context);
      return { kind: "output", result: { ...result, output: shorten(result.output) } };
    } catch (error) {
      return failed(`Error: ${call.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const output = outputOf(fn!);
  if (output.source === "person") return { kind: "person", answeredBy: output.answeredBy };
  return callWebhook(fn!, output, args.value, call, context);
}
