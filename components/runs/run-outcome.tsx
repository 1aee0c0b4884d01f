"use client";

import { canRetryRun, type RunDTO } from "@/lib/runs/dto";

const retryButton = "rounded px-2 py-0.5 text-xs font-semibold shadow-sm";

/**
 * What became of a run, shown in the thread under the message it belongs to: why it failed, was
 * stopped or did not start (with Retry while it is the latest attempt and the thread allows it),
 * and what the person should know about how it read its input. `named` puts the assistant's name
 * first, for a run that has no reply of its own to sit under.
 */
export function RunOutcome({ run, named = false, onRetry }: { run: RunDTO; named?: boolean; onRetry?: (runId: string) => void }) {
  const who = named ? `${run.assistant.name}: ` : "";
  const retry =
    onRetry && canRetryRun(run) ? (
      <button type="button" onClick={() => onRetry(run.id)} className={`${retryButton} bg-white text-zinc-800 hover:bg-zinc-100 dark:bg-zinc-800 dark:text-zinc-100`}>
        Retry<span className="sr-only"> {run.assistant.name}&apos;s {named ? "run" : "reply"}</span>
      </button>
    ) : null;
  return (
    <>
      {run.note ? (
        <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">
          {who}
          {run.note}
        </p>
      ) : null}
      {run.error && (run.status === "failed" || run.status === "expired") ? (
        <div role="alert" className="mt-2 flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          <span className="min-w-0 flex-1">
            {who}
            {run.error.message}
          </span>
          {retry}
        </div>
      ) : run.status === "cancelled" ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
          <span>
            {who}
            {/* A run the system ended says why; one a member stopped has no reason stored. */}
            {run.error?.message ?? "Stopped by a member of the thread."}
          </span>
          {run.error ? retry : null}
        </p>
      ) : null}
    </>
  );
}
