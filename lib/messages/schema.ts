import { z } from "zod";
import { text } from "../validation";

export const MAX_MESSAGE_LENGTH = 20_000;

export const messageContent = text()
  .max(MAX_MESSAGE_LENGTH, `Keep messages under ${MAX_MESSAGE_LENGTH.toLocaleString("en")} characters.`)
  .refine((text) => text.trim().length > 0, "Write something first.");

export const postMessageInput = z.object({
  content: messageContent,
  // Chosen by the client so that a retried post is stored once.
  clientId: text().min(1).max(100).optional(),
  fileIds: z.array(text().min(1).max(100)).max(10, "Attach at most 10 files to a message.").default([]),
});
