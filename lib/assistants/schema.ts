import { z } from "zod";
import { toolDefinition } from "../tools";
import { text } from "../validation";
import validateJsonSchema from "./json-schema-validator.generated";

export const MAX_ASSISTANT_FILES = 20;

/** Why `schema` is not a usable JSON Schema for function parameters, or null if it is. */
export function parametersSchemaError(schema: unknown): string | null {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "The parameters must be a JSON Schema object.";
  if (!validateJsonSchema(schema)) {
    const [first] = validateJsonSchema.errors ?? [];
    return `Not a valid JSON Schema: ${first ? `${first.instancePath || "(root)"} ${first.message}` : "unknown problem"}.`;
  }
  if ((schema as { type?: unknown }).type !== "object") return 'The parameters schema must have "type": "object".';
  return null;
}

export const handle = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, "Use 2 to 32 letters, digits, - or _, starting with a letter or digit.");

export const assistantInput = z.object({
  name: text().trim().min(1, "Give the assistant a name.").max(80, "Keep the name under 80 characters."),
  handle,
  description: text().trim().max(500, "Keep the description under 500 characters.").default(""),
  instructions: text().max(32_000, "Keep the instructions under 32,000 characters.").default(""),
  model: text().trim().min(1, "Choose a model.").max(200),
  temperature: z.number().min(0, "Temperature goes from 0 to 2.").max(2, "Temperature goes from 0 to 2.").nullable().default(null),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour like #4f46e5.").default("#6366f1"),
  avatarUrl: text()
    .trim()
    .url("Enter an image address (https://…), or leave it empty.")
    .refine((url) => /^https?:\/\//.test(url), "Only http and https addresses.")
    .nullable()
    .default(null),
  tools: z
    .array(toolDefinition)
    .max(32)
    .default([])
    .superRefine((tools, context) => {
      const seen = new Set<string>();
      tools.forEach((tool, index) => {
        if (tool.type !== "function") return;
        if (seen.has(tool.function.name)) {
          context.addIssue({ code: "custom", path: [index, "function", "name"], message: `Two functions are named "${tool.function.name}".` });
        }
        seen.add(tool.function.name);
        const problem = parametersSchemaError(tool.function.parameters ?? { type: "object", properties: {} });
        if (problem) context.addIssue({ code: "custom", path: [index, "function", "parameters"], message: problem });
      });
    }),
  fileIds: z.array(text().min(1).max(100)).max(MAX_ASSISTANT_FILES, `An assistant can have at most ${MAX_ASSISTANT_FILES} files.`).default([]),
});

export type AssistantInput = z.input<typeof assistantInput>;
export type AssistantFields = z.output<typeof assistantInput>;
