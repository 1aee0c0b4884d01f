import "server-only";
import { z } from "zod";
import { assistantInput } from "./schema";
import { ValidationError } from "../errors";
import { describeModelError, modelProvider, streamChat, type ModelToolCall } from "../llm";
import { FUNCTION_NAME, modelTools, TOOL_OUTPUT_MAX_CHARS } from "../tools";
import { maxToolRounds, toolRoundsMessage } from "../tools/registry";
import { toolRoundMessages } from "../tools/steps";
import { buildModelInput } from "../runs/prompt";
import { workerOptions } from "../runs/worker";

export const tryInput = z.object({
  // The assistant as currently edited; a new one may not have a handle yet.
  draft: assistantInput.pick({ name: true, instructions: true, model: true, temperature: true, tools: true }).extend({
    handle: z.string().trim().max(32).default(""),
  }),
  conversation: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().min(1).max(20_000) }))
    .min(1, "Say something to the assistant first.")
    .max(50, "Start a new conversation: this one is long."),
  // The tool rounds of the reply being made: calls the model made since the last turn, each with
  // the output the person gave it in the panel.
  rounds: z
    .array(
      z.object({
        text: z.string().max(20_000).default(""),
        tool_calls: z
          .array(
            z.object({
              id: z.string().min(1).max(100),
              function: z.object({ name: z.string().regex(FUNCTION_NAME), arguments: z.string().max(TOOL_OUTPUT_MAX_CHARS), output: z.string().max(TOOL_OUTPUT_MAX_CHARS) }),
            }),
          )
          .min(1)
          .max(32),
      }),
    )
    .max(50)
    .default([]),
});

export type TryEvent = { type: "text"; delta: string } | { type: "tool_calls"; calls: ModelToolCall[] } | { type: "done" } | { type: "error"; message: string };

/**
 * A conversation with an assistant as edited, before it is saved: the same model input, provider
 * and streaming as a run in a thread, with nothing stored. Streams TryEvents as Server-Sent Events.
 */
export function tryAssistant(input: unknown, { person, signal }: { person: { id: string; name: string }; signal: AbortSignal }): ReadableStream<Uint8Array> {
  const parsed = tryInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid draft.");
  const { draft, conversation, rounds } = parsed.data;
  const options = workerOptions(process.env, false);
  const assistant = { id: "draft", name: draft.name, handle: draft.handle || "draft" };
  const messages = buildModelInput({
    assistant,
    instructions: draft.instructions,
    history: conversation.map((turn) => ({
      author: turn.role === "assistant" ? { kind: "assistant" as const, ...assistant } : { kind: "user" as const, id: person.id, name: person.name },
      content: turn.content,
      files: [],
    })),
    contextTokens: options.contextTokens,
  }).concat(toolRoundMessages(rounds));
  const encoder = new TextEncoder();
  const frame = (event: TryEvent) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
  return new ReadableStream({
    async start(controller) {
      try {
        if (rounds.length >= maxToolRounds()) return controller.enqueue(frame({ type: "error", message: toolRoundsMessage(maxToolRounds()) }));
        for await (const event of streamChat(
          modelProvider(),
          { model: draft.model, messages, temperature: draft.temperature, tools: modelTools(draft.tools) },
          signal,
        )) {
          if (event.type === "text") controller.enqueue(frame(event));
          if (event.type === "function_calls") controller.enqueue(frame({ type: "tool_calls", calls: event.calls }));
        }
        controller.enqueue(frame({ type: "done" }));
      } catch (error) {
        if (!signal.aborted) controller.enqueue(frame({ type: "error", message: describeModelError(error).message }));
      } finally {
        try {
          controller.close();
        } catch {
          // The person closed the panel mid-reply.
        }
      }
    },
  });
}
