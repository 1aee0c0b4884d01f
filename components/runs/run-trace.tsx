"use client";

import type { ReactNode } from "react";
import { canRetryRun, CANCELLABLE_RUN_STATUSES, type RunDTO, type RunStatus } from "@/lib/runs/dto";
import { formatDuration, formatTokens, msBetween, preview, runStatusLabel, stepStatusLabel, stepTypeLabel, toolNames } from "@/lib/runs/format";
import { isToolCallsStep } from "@/lib/tools/steps";
import { ToolCallList } from "../tools/tool-call";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// Whole class names (not built from parts) so that Tailwind finds them.
const STATUS_STYLE: Record<RunStatus, string> = {
  queued: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  in_progress: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200",
  requires_action: "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200",
  cancelling: "bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-200",
  cancelled: "text-zinc-600 ring-1 ring-inset ring-zinc-300 dark:text-zinc-300 dark:ring-zinc-600",
  failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200",
  completed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
  expired: "bg-violet-100 text-violet-800 dark:bg-violet-900 dark:text-violet-200",
};

const INSTRUCTIONS_PREVIEW = 60;
const smallButton = "rounded px-2 py-0.5 text-xs font-medium hover:bg-zinc-200 dark:hover:bg-zinc-800";

const duration = (from: string | null, to: string | null) => {
  const ms = msBetween(from, to);
  return ms === null ? "—" : formatDuration(ms);
};

function Field({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** One run of an assistant: its status, what it ran with, how long it took and its steps. */
export function RunTrace({
  run,
  threadTitle,
  onCancel,
  onRetry,
}: {
  run: RunDTO;
  threadTitle?: string;
  onCancel?: (runId: string) => void;
  onRetry?: (runId: string) => void;
}) {
  const statusLabel = runStatusLabel(run.status);
  const { overrides } = run;
  const tools = overrides.tools === null || overrides.tools === undefined ? null : toolNames(overrides.tools);
  const hasOverrides = overrides.model !== null || overrides.instructions !== null || tools !== null || overrides.files !== null;
  const canCancel = onCancel && CANCELLABLE_RUN_STATUSES.includes(run.status);
  const canRetry = onRetry && canRetryRun(run);

  return (
    <article aria-label={`Run of ${run.assistant.name}, ${statusLabel}`} className="space-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <div className="flex items-center gap-2">
        <span aria-hidden="true" className="h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: run.assistant.color }} />
        <span className="min-w-0 flex-1 truncate font-semibold">{run.assistant.name}</span>
        <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[run.status]}`}>{statusLabel}</span>
      </div>

      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        <Field term="Model">
          <span className="font-mono">{run.model}</span>
        </Field>
        <Field term="Started by">{run.startedBy?.name ?? "hand-off from another assistant"}</Field>
        {run.retriedBy ? <Field term="Retried by">{run.retriedBy.name}</Field> : null}
        {threadTitle !== undefined ? <Field term="Thread">{threadTitle}</Field> : null}
        <Field term="Created">
          {/* Formatted in the viewer's locale and time zone, which the server cannot know. */}
          <time dateTime={run.createdAt} suppressHydrationWarning>
            {timeFormat.format(new Date(run.createdAt))}
          </time>
        </Field>
        <Field term="Waited">{duration(run.createdAt, run.startedAt)}</Field>
        <Field term="Took">{duration(run.startedAt, run.completedAt)}</Field>
        <Field term="Tokens">{formatTokens(run.usage)}</Field>
      </dl>

      {hasOverrides ? (
        <div className="rounded bg-zinc-50 p-2 dark:bg-zinc-900">
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Overrides</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
            {overrides.model !== null ? (
              <Field term="Model">
                <span className="font-mono">{overrides.model}</span>
              </Field>
            ) : null}
            {overrides.instructions !== null ? (
              <Field term="Instructions">
                {overrides.instructions.length <= INSTRUCTIONS_PREVIEW ? (
                  overrides.instructions
                ) : (
                  <details className="group">
                    <summary className="cursor-pointer">
                      {/* The preview gives way to the full text below once open. */}
                      <span className="group-open:hidden">{preview(overrides.instructions, INSTRUCTIONS_PREVIEW)}</span>
                      <span className="hidden group-open:inline">
                        Hide<span className="sr-only"> instructions</span>
                      </span>
                    </summary>
                    <p className="mt-1 whitespace-pre-wrap">{overrides.instructions}</p>
                  </details>
                )}
              </Field>
            ) : null}
            {tools !== null ? <Field term="Tools">{tools.length ? tools.join(", ") : "none"}</Field> : null}
            {overrides.files !== null ? (
              <Field term="Files">
                {overrides.files.length} {overrides.files.length === 1 ? "file" : "files"}
              </Field>
            ) : null}
          </dl>
        </div>
      ) : null}

      {run.error && run.status === "cancelled" ? (
        <p className="rounded bg-zinc-50 px-2 py-1.5 text-xs text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">{run.error.message || run.error.code}</p>
      ) : run.error ? (
        <div role="alert" className="rounded border border-red-200 bg-red-50 px-2 py-1.5 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {run.error.message || run.error.code}
        </div>
      ) : run.status === "cancelled" ? (
        <p className="text-xs text-zinc-500">Stopped by a member of the thread.</p>
      ) : null}
      {run.note ? <p className="rounded bg-amber-50 px-2 py-1.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">{run.note}</p> : null}
      {run.retriedAs ? <p className="text-xs text-zinc-500">Retried: see the newer attempt.</p> : null}

      {run.steps.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-300">Steps ({run.steps.length})</summary>
          <ol className="mt-1 space-y-1">
            {run.steps.map((step) => (
              <li key={step.id} className="rounded bg-zinc-50 px-2 py-1 text-xs dark:bg-zinc-900">
                <span className="font-medium">{stepTypeLabel(step.type)}</span> · {stepStatusLabel(step.status)}
                <span className="block text-zinc-500">
                  {formatTokens(step)} · {duration(step.createdAt, step.completedAt)}
                </span>
                {isToolCallsStep(step.details) ? (
                  <div className="mt-1">
                    <ToolCallList label="Calls of this step" calls={step.details.tool_calls} />
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}

      {canCancel || canRetry ? (
        <div className="flex justify-end gap-1">
          {canCancel ? (
            <button type="button" className={`${smallButton} text-red-700 dark:text-red-300`} onClick={() => onCancel(run.id)}>
              Cancel<span className="sr-only"> run</span>
            </button>
          ) : null}
          {canRetry ? (
            <button type="button" className={smallButton} onClick={() => onRetry(run.id)}>
              Retry<span className="sr-only"> run</span>
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
