import "server-only";
import type { ChatMessage } from "../llm";

export type HistoryMessage = {
  id?: string;
  author: { kind: "user" | "assistant"; id: string; name: string };
  content: string;
  files: string[];
  /** What the model gets of the files themselves (the triggering message's, within a budget). */
  attachments?: Attachments;
};

export type Attachments = { texts: { name: string; text: string }[]; images: { name: string; dataUrl: string }[] };

/** A rough cost of one image input, in tokens. */
const IMAGE_TOKENS = 800;

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
  const texts = (message.attachments?.texts ?? []).map((file) => `\n\n--- ${file.name} ---\n${file.text}`).join("");
  if (message.author.kind === "assistant" && message.author.id === assistantId) {
    return { role: "assistant", content: message.content + files + texts };
  }
  const name = message.author.kind === "assistant" ? `${message.author.name} (assistant)` : message.author.name;
  const text = `[${name}]: ${message.content}${files}${texts}`;
  const images = message.attachments?.images ?? [];
  if (images.length === 0) return { role: "user", content: text };
  return {
    role: "user",
    content: [{ type: "text", text }, ...images.map((image) => ({ type: "image_url" as const, image_url: { url: image.dataUrl } }))],
  };
}

function cost(message: ChatMessage): number {
  if (typeof message.content === "string") return estimateTokens(message.content);
  return (message.content ?? []).reduce((sum, part) => sum + ("text" in part ? estimateTokens(part.text) : IMAGE_TOKENS), 0);
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
    const price = cost(next);
    if (kept.length > 0 && price > budget) break;
    budget -= price;
    kept.unshift(next);
  }
  return [system, ...kept];
}
