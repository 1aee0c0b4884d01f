import { z } from "zod";

// Tools in the OpenAI shape. Function parameters must be a JSON Schema object.
export const toolDefinition = z.discriminatedUnion("type", [
  z.object({ type: z.literal("retrieval") }),
  z.object({ type: z.literal("code_interpreter") }),
  z.object({
    type: z.literal("function"),
    function: z.object({
      name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Function names use letters, digits, _ and -, up to 64."),
      description: z.string().max(1024).optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);

export const runOverrides = z
  .object({
    model: z.string().trim().min(1).max(200).optional(),
    instructions: z.string().max(20_000).optional(),
    tools: z.array(toolDefinition).max(32).optional(),
    fileIds: z.array(z.string().min(1).max(100)).max(20).optional(),
  })
  .strict();
