import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { storable, text } from "../validation";

// Tools in the OpenAI shape. Retrieval and the code interpreter are ours to run; functions are
// the assistant owner's, described by a JSON Schema for their parameters. Types and schemas only,
// so that the dashboard's form checks what the server checks.

export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The name the model calls each built-in tool by. Functions may not take these names, so that a
 * call always means one thing; the tools themselves register their executors in ./registry.
 */
export const BUILTIN_FUNCTION_NAMES = { retrieval: "file_search", code_interpreter: "code_interpreter" } as const;

/** The longest output (a webhook's body, a person's answer, a tool's result) the model is given. */
export const TOOL_OUTPUT_MAX_CHARS = 20_000;

export const WEBHOOK_TIMEOUT_SECONDS = { min: 1, max: 120, default: 15 } as const;
export const WEBHOOK_RETRIES = { min: 0, max: 5, default: 2 } as const;

/**
 * Where a function's output comes from (our addition beside OpenAI's `function`; absent means a
 * person in the room, as a function defined through OpenAI's API is answered by its caller).
 */
export const functionOutput = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("webhook"),
    url: text()
      .trim()
      .max(2000, "Keep the address under 2,000 characters.")
      .url("Enter the webhook's address (https://…).")
      .refine((url) => /^https?:\/\//i.test(url), "Only http and https addresses."),
    timeoutSeconds: z
      .number()
      .int()
      .min(WEBHOOK_TIMEOUT_SECONDS.min, `Between ${WEBHOOK_TIMEOUT_SECONDS.min} and ${WEBHOOK_TIMEOUT_SECONDS.max} seconds.`)
      .max(WEBHOOK_TIMEOUT_SECONDS.max, `Between ${WEBHOOK_TIMEOUT_SECONDS.min} and ${WEBHOOK_TIMEOUT_SECONDS.max} seconds.`)
      .default(WEBHOOK_TIMEOUT_SECONDS.default),
    retries: z
      .number()
      .int()
      .min(WEBHOOK_RETRIES.min, `From ${WEBHOOK_RETRIES.min} to ${WEBHOOK_RETRIES.max} retries.`)
      .max(WEBHOOK_RETRIES.max, `From ${WEBHOOK_RETRIES.min} to ${WEBHOOK_RETRIES.max} retries.`)
      .default(WEBHOOK_RETRIES.default),
    /**
     * Names the stored signing secret. The server sets it when the function is saved without one
     * (the secret itself is shown once, then never leaves the server); leave it out to get a new one.
     */
    secretId: z.string().min(1).max(100).optional(),
  }),
  z.object({
    source: z.literal("person"),
    /** Who may submit the output: any member of the thread, or only the person who started the run. */
    answeredBy: z.enum(["member", "starter"]).default("member"),
  }),
]);
export type FunctionOutput = z.infer<typeof functionOutput>;
export type FunctionOutputInput = z.input<typeof functionOutput>;

export const functionTool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z
      .string()
      .regex(FUNCTION_NAME, "Function names use letters, digits, _ and -, up to 64.")
      .refine((name) => !Object.values<string>(BUILTIN_FUNCTION_NAMES).includes(name), "That name belongs to a built-in tool. Choose another."),
    description: text().max(1024).optional(),
    parameters: storable(z.record(z.string(), z.unknown())).optional(),
  }),
  output: functionOutput.optional(),
});
export type FunctionTool = z.infer<typeof functionTool>;

export const toolDefinition = z.discriminatedUnion("type", [z.object({ type: z.literal("retrieval") }), z.object({ type: z.literal("code_interpreter") }), functionTool]);
export type ToolDefinition = z.infer<typeof toolDefinition>;
export type BuiltinToolType = Exclude<ToolDefinition["type"], "function">;

/** A signing secret made by a save: shown to its author once, then never sent again. */
export type NewWebhookSecret = { functionName: string; secret: string };

export const PERSON_OUTPUT: FunctionOutput = { source: "person", answeredBy: "member" };

/** Where this function's output comes from, with the default filled in. */
export function outputOf(tool: FunctionTool): FunctionOutput {
  return tool.output ?? PERSON_OUTPUT;
}

/** The tools as stored (or sent), keeping only well-formed ones: stored JSON may predate a rule. */
export function parseTools(tools: unknown): ToolDefinition[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) => {
    const parsed = toolDefinition.safeParse(tool);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A function tool as the chat completions API takes it. */
export function modelFunction(tool: FunctionTool): ChatCompletionTool {
  const { name, description, parameters } = tool.function;
  return { type: "function", function: { name, description, parameters: parameters ?? { type: "object", properties: {} } } };
}

/** The function tools, as the chat completions API takes them. */
export function modelTools(tools: unknown): ChatCompletionTool[] {
  return parseTools(tools).flatMap((tool) => (tool.type === "function" ? [modelFunction(tool)] : []));
}
