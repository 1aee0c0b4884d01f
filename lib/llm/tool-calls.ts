import type { ChatCompletionChunk } from "openai/resources/chat/completions";

/** A tool call as the model made it: arguments are the JSON text it wrote, which may be broken. */
export type ModelToolCall = { id: string; name: string; arguments: string };

type Fragment = ChatCompletionChunk.Choice.Delta.ToolCall;

/**
 * Puts streamed tool calls back together. Providers send each call's id and name once and its
 * arguments in pieces, all keyed by the call's index; pieces of parallel calls may interleave.
 */
export class ToolCallAssembler {
  private readonly calls = new Map<number, ModelToolCall>();

  add(fragments: readonly Fragment[] | undefined): void {
    for (const fragment of fragments ?? []) {
      const call = this.calls.get(fragment.index) ?? { id: "", name: "", arguments: "" };
      if (fragment.id) call.id = fragment.id;
      if (fragment.function?.name) call.name += fragment.function.name;
      if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
      this.calls.set(fragment.index, call);
    }
  }

  /** The calls in index order; one without an id (some local servers omit it) gets one. */
  done(): ModelToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({ ...call, id: call.id || `call_${index}_${Math.random().toString(36).slice(2, 12)}` }));
  }
}
