// Types only: shared by the server and the browser.
export type RunStatus = "queued" | "in_progress" | "requires_action" | "cancelling" | "cancelled" | "failed" | "completed" | "expired";

export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["cancelled", "failed", "completed", "expired"];
/** The statuses in which a run can be cancelled, or retried. */
export const CANCELLABLE_RUN_STATUSES: readonly RunStatus[] = ["queued", "in_progress", "requires_action"];
export const RETRYABLE_RUN_STATUSES: readonly RunStatus[] = ["failed", "expired", "cancelled"];

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
  /** Who asked for it (for a retry, who asked for the first attempt); null for a hand-off. */
  startedBy: { id: string; name: string } | null;
  /** Who pressed Retry, for a retry. */
  retriedBy: { id: string; name: string } | null;
  /** The attempt this run retries, and the attempt that retried this one. */
  retryOf: string | null;
  retriedAs: string | null;
  replyMessageId: string | null;
  usage: { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null };
  /** Why it failed or expired, or why the system cancelled it; null when a member stopped it. */
  error: { code: string; message: string } | null;
  /** What the person should know about how the run read its input (images its model cannot see). */
  note: string | null;
  /** Raised with every announcement: of two copies of a run, the higher revision is the newer. */
  revision: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  failedAt: string | null;
  expiresAt: string | null;
  steps: RunStepDTO[];
};

/** Whether the run offers Retry: it ended without completing, and no newer attempt retried it. */
export function canRetryRun(run: Pick<RunDTO, "status" | "retriedAs">): boolean {
  return RETRYABLE_RUN_STATUSES.includes(run.status) && run.retriedAs === null;
}

/** Options a person can give the runs their message starts. */
export type RunOverrides = { model?: string; instructions?: string; tools?: unknown[]; fileIds?: string[] };
