import "server-only";
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import type { Env } from "../config";
import { demoFetch } from "./demo";
import { ToolCallAssembler, type ModelToolCall } from "./tool-calls";

export type { ModelToolCall } from "./tool-calls";

export type ChatMessage = ChatCompletionMessageParam;
export type Usage = { promptTokens: number; completionTokens: number };
export type ModelEvent = { type: "text"; delta: string } | { type: "usage"; usage: Usage } | { type: "function_calls"; names: string[]; calls: ModelToolCall[] };

/** The model endpoint: any OpenAI-compatible server when configured, else the built-in demo. */
export type ModelProvider = { client: OpenAI; demo: boolean; idleTimeoutMs: number };

export const DEMO_MODEL = "demo";

export function modelProvider(env: Env = process.env): ModelProvider {
  const idleTimeoutMs = Number(env.MODEL_TIMEOUT_SECONDS || 60) * 1000;
  // Local servers (Ollama, vLLM, LM Studio) take any key; a base URL alone configures one.
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    const client = new OpenAI({ apiKey: env.OPENAI_API_KEY || "not-needed", baseURL: env.OPENAI_BASE_URL || undefined, maxRetries: 0, timeout: idleTimeoutMs });
    return { client, demo: false, idleTimeoutMs };
  }
  const client = new OpenAI({ apiKey: "demo", baseURL: "http://demo.roundtable.invalid/v1", fetch: demoFetch, maxRetries: 0 });
  return { client, demo: true, idleTimeoutMs };
}

export class ModelTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`The model did not answer for ${seconds} seconds.`);
    this.name = "ModelTimeoutError";
  }
}

/**
 * Streams a chat completion. Ends early when `signal` aborts; fails with ModelTimeoutError when the
 * provider goes quiet for longer than its idle timeout, before or during the reply.
 */
export async function* streamChat(
  provider: ModelProvider,
  request: { model: string; messages: ChatMessage[]; temperature?: number | null; tools?: ChatCompletionTool[] },
  signal: AbortSignal,
): AsyncGenerator<ModelEvent> {
  const watchdog = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => watchdog.abort(new ModelTimeoutError(provider.idleTimeoutMs / 1000)), provider.idleTimeoutMs);
  };
  const combined = AbortSignal.any([signal, watchdog.signal]);
  rearm();
  try {
    const stream = await provider.client.chat.completions.create(
      {
        model: provider.demo ? DEMO_MODEL : request.model,
        messages: request.messages,
        ...(request.temperature != null ? { temperature: request.temperature } : {}),
        ...(request.tools?.length ? { tools: request.tools } : {}),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal: combined },
    );
    const assembler = new ToolCallAssembler();
    for await (const chunk of stream) {
      rearm();
      const delta = chunk.choices[0]?.delta;
      if (delta?.content) yield { type: "text", delta: delta.content };
      assembler.add(delta?.tool_calls);
      if (chunk.usage) yield { type: "usage", usage: { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens } };
    }
    const calls = assembler.done();
    if (calls.length) yield { type: "function_calls", names: calls.map((call) => call.name), calls };
  } catch (error) {
    if (watchdog.signal.aborted) throw watchdog.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waiting in requires_action for function outputs comes with the tools work; until then a model's
 * function call ends the run with this error rather than an empty reply.
 */
export function functionCallsError(names: string[]): Error {
  return Object.assign(new Error(`The model asked to call ${names.join(", ")}, but Roundtable cannot run function tools yet.`), { code: "function_calls" });
}

/** A failure in words a person in the thread understands, with a short code for the trace. */
export function describeModelError(error: unknown): { code: string; message: string } {
  if (error instanceof ModelTimeoutError || error instanceof APIConnectionTimeoutError) {
    return { code: "timeout", message: error instanceof ModelTimeoutError ? error.message : "The model did not answer in time." };
  }
  if (error instanceof APIUserAbortError) return { code: "aborted", message: "The request to the model was stopped." };
  if (error instanceof APIError && error.status) {
    const detail = error.message.replace(/^\d+\s*/, "");
    if (error.status === 401 || error.status === 403) return { code: "auth", message: `The model provider refused our credentials (HTTP ${error.status}). Check OPENAI_API_KEY.` };
    if (error.status === 404) return { code: "model_not_found", message: `The model provider does not know this model (HTTP 404): ${detail}` };
    if (error.status === 429) return { code: "rate_limited", message: "The model provider is rate-limiting us (HTTP 429). Try again in a moment." };
    return { code: "provider_error", message: `The model provider returned an error (HTTP ${error.status}): ${detail}` };
  }
  if (error instanceof APIError) return { code: "connection", message: "Could not reach the model provider. Check OPENAI_BASE_URL and that the server is up." };
  if ((error as { code?: unknown }).code === "function_calls") return { code: "function_calls", message: (error as Error).message };
  const message = error instanceof Error ? error.message : String(error);
  if (/terminated|premature|socket|ECONNRESET|aborted|closed/i.test(message)) {
    return { code: "stream_cut", message: "The model's reply was cut off: the connection closed before it finished." };
  }
  return { code: "internal", message: `The run failed: ${message}` };
}

/** The provider's models, for pickers; empty when it cannot be asked. */
export async function listModels(provider: ModelProvider): Promise<string[]> {
  try {
    const models = [];
    for await (const model of provider.client.models.list()) models.push(model.id);
    return models.sort();
  } catch {
    return [];
  }
}
