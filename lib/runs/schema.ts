import { z } from "zod";
import { toolDefinition } from "../tools";

export const runOverrides = z
  .object({
    model: z.string().trim().min(1).max(200).optional(),
    instructions: z.string().max(20_000).optional(),
    tools: z.array(toolDefinition).max(32).optional(),
    fileIds: z.array(z.string().min(1).max(100)).max(20).optional(),
  })
  .strict();
