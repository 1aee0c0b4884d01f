import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { storable, text } from "../validation";

// Tools in the OpenAI shape. Retrieval and the code interpreter are ours to run; functions are
// the assistant owner's, described by a JSON Schema for their parameters.
export const toolDefinition = z.discriminatedUnion("type", [
  z.object({ type: z.literal("retrieval") }),
  z.object({ type: z.literal("code_interpreter") }),
  z.object({
    type: z.literal("function"),
    function: z.object({
      name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Function names use letters, digits, _ and -, up to 64."),
      description: text().max(1024).optional(),
      parameters: storable(z.record(z.string(), z.unknown())).optional(),
    }),
  }),
]);
export type ToolDefinition = z.infer<typeof toolDefinition>;

/** The function tools, as the chat completions API takes them. */
export function modelTools(tools: unknown): ChatCompletionTool[] {
  const parsed = z.array(toolDefinition).safeParse(tools ?? []);
  if (!parsed.success) return [];
  return parsed.data.flatMap((tool) =>
    tool.type === "function"
      ? [{ type: "function" as const, function: { name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters ?? { type: "object", properties: {} } } }]
      : [],
  );
}
