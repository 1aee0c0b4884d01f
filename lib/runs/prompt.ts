import type { ChatMessage } from "../llm";

export type HistoryMessage = {
  author: { kind: "user" | "assistant"; id: string; name: string };
  content: string;
  files: string[];
};

/** A rough count (about four characters a token) that errs on the side of dropping a turn. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

export function systemPrompt(assistant: { name: string; handle: string }, instructions: string): string {
  const identity =
    `You are ${assistant.name} (@${assistant.handle}), an assistant in a shared thread where several people and assistants talk. ` +
    `Each message from someone else begins with their name in square brackets. Reply as ${assistant.name}, without a name prefix. ` +
    `To hand a question to another assistant of the thread, mention it with @ and its handle.`;
  return instructions.trim() ? `${identity}\n\n${instructions.trim()}` : identity;
}

function turn(assistantId: string, message: HistoryMessage): ChatMessage {
  const files = message.files.length ? `\n\n(Attached files: ${message.files.join(", ")})` : "";
  if (message.author.kind === "assistant" && message.author.id === assistantId) {
    return { role: "assistant", content: message.content + files };
  }
  const name = message.author.kind === "assistant" ? `${message.author.name} (assistant)` : message.author.name;
  return { role: "user", content: `[${name}]: ${message.content}${files}` };
}

/**
 * The model input for one assistant: its instructions, then the thread oldest first with every
 * author named; its own earlier replies are its turns. The oldest turns are dropped first to keep
 * within `contextTokens` (the newest is always kept).
 */
export function buildModelInput({
  assistant,
  instructions,
  history,
  contextTokens,
}: {
  assistant: { id: string; name: string; handle: string };
  instructions: string;
  history: HistoryMessage[];
  contextTokens: number;
}): ChatMessage[] {
  const system: ChatMessage = { role: "system", content: systemPrompt(assistant, instructions) };
  let budget = contextTokens - estimateTokens(system.content as string);
  const kept: ChatMessage[] = [];
  for (const message of history.toReversed()) {
    const next = turn(assistant.id, message);
    const cost = estimateTokens(next.content as string);
    if (kept.length > 0 && cost > budget) break;
    budget -= cost;
    kept.unshift(next);
  }
  return [system, ...kept];
}
