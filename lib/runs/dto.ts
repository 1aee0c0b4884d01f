// Types only: shared by the server and the browser.
export type RunStatus = "queued" | "in_progress" | "requires_action" | "cancelling" | "cancelled" | "failed" | "completed" | "expired";

export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["cancelled", "failed", "completed", "expired"];

export type RunStepDTO = {
  id: string;
  type: "message_creation" | "tool_calls";
  status: string;
  details: unknown;
  promptTokens: number | null;
  completionTokens: number | null;
  createdAt: string;
  completedAt: string | null;
};

export type RunDTO = {
  id: string;
  threadId: string;
  assistant: { id: string; name: string; handle: string; color: string };
  status: RunStatus;
  /** The model that answers (the override, else the assistant's). */
  model: string;
  overrides: { model: string | null; instructions: string | null; tools: unknown; files: string[] | null };
  triggerMessageId: string | null;
  startedBy: { id: string; name: string } | null;
  replyMessageId: string | null;
  usage: { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null };
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  failedAt: string | null;
  expiresAt: string | null;
  steps: RunStepDTO[];
};

/** Options a person can give the runs their message starts. */
export type RunOverrides = { model?: string; instructions?: string; tools?: unknown[]; fileIds?: string[] };
