// Why the run engine cancelled, stopped or did not start a run: stored as the run's lastErrorCode
// and lastErrorMessage, and shown in the thread and in the Runs panel. A run a member stopped has none.

export type RunReason = { code: string; message: string };
/** "queued": the run had not started (Cancelled); "running": it was under way (Stopped). */
export type RunStage = "queued" | "running";

const ended = (stage: RunStage) => (stage === "queued" ? "Cancelled" : "Stopped");

export const runReasons = {
  archived: (stage: RunStage): RunReason => ({ code: "thread_archived", message: `${ended(stage)}: the thread was archived.` }),
  assistantRemoved: (stage: RunStage, assistant: string): RunReason => ({
    code: "assistant_removed",
    message: `${ended(stage)}: ${assistant} was removed from the thread.`,
  }),
  assistantDeleted: (stage: RunStage, assistant: string): RunReason => ({ code: "assistant_deleted", message: `${ended(stage)}: ${assistant} was deleted.` }),
  askerGone: (person: string, how: "left" | "removed" | "gone"): RunReason => ({
    code: "asker_gone",
    message: `Cancelled: ${person}, who asked for it, ${how === "left" ? "left the thread" : how === "removed" ? "was removed from the thread" : "is no longer in the thread"}.`,
  }),
  notInThread: (assistant: { name: string; handle: string }): RunReason => ({
    code: "not_in_thread",
    message: `Not started: ${assistant.name} (@${assistant.handle}) is not in this thread. Add it to the thread to hand off to it.`,
  }),
  handOffLimit: (limit: number): RunReason => ({
    code: "handoff_limit",
    message: `Stopped after ${limit} hand-off${limit === 1 ? "" : "s"}: mention an assistant to go on.`,
  }),
};

/** The fields that record the reason on the run. */
export function reasonFields(reason: RunReason): { lastErrorCode: string; lastErrorMessage: string } {
  return { lastErrorCode: reason.code, lastErrorMessage: reason.message };
}
