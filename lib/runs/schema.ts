import { z } from "zod";
import { toolDefinition } from "../tools";
import { text } from "../validation";

export const runOverrides = z
  .object({
    model: text().trim().min(1).max(200).optional(),
    instructions: text().max(20_000).optional(),
    tools: z.array(toolDefinition).max(32).optional(),
    fileIds: z.array(text().min(1).max(100)).max(20).optional(),
  })
  .strict();
