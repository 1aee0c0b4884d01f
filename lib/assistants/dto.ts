// Types only: shared by the server and the browser.
import type { NewWebhookSecret } from "../tools";
import type { AssistantFields } from "./schema";

export type AssistantSummary = {
  id: string;
  name: string;
  handle: string;
  description: string;
  model: string;
  color: string;
  avatarUrl: string | null;
  owner: { id: string; name: string } | null;
  canEdit: boolean;
  toolCount: number;
  fileCount: number;
  createdAt: string;
  updatedAt: string;
};

export type AssistantDTO = Omit<AssistantFields, "fileIds"> & {
  id: string;
  owner: { id: string; name: string } | null;
  canEdit: boolean;
  files: { id: string; name: string; size: number; mimeType: string }[];
  createdAt: string;
  /** The version a save is based on: a save from an older one is refused, not silently applied. */
  updatedAt: string;
};

/** What a save answers: the assistant, and the webhook signing secrets it made (shown once). */
export type SavedAssistant = AssistantDTO & { newSecrets: NewWebhookSecret[] };

export type AssistantSort = "name" | "updated" | "created";
