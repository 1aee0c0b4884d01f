"use client";

import { formatDuration } from "@/lib/runs/format";
import { prettyJson, type ToolCallRecord, type ToolCallStatus } from "@/lib/tools/steps";

const STATUS: Record<ToolCallStatus, { label: string; style: string }> = {
  in_progress: { label: "running", style: "text-sky-700 dark:text-sky-300" },
  requires_action: { label: "waiting for an answer", style: "text-amber-700 dark:text-amber-300" },
  completed: { label: "done", style: "text-emerald-700 dark:text-emerald-300" },
  failed: { label: "failed", style: "text-red-700 dark:text-red-300" },
  cancelled: { label: "cancelled", style: "text-zinc-500" },
  expired: { label: "expired", style: "text-violet-700 dark:text-violet-300" },
};

const block = "mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs dark:bg-zinc-950";

/** One tool call, collapsed to its name, status and duration; open, its arguments and output. */
export function ToolCallView({ call }: { call: ToolCallRecord }) {
  const status = STATUS[call.status];
  return (
    <details className="group rounded-md border border-zinc-200 bg-zinc-50 text-xs dark:border-zinc-800 dark:bg-zinc-900">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-2 py-1.5">
        <span aria-hidden="true" className="text-zinc-400 transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className="font-mono font-medium">{call.function.name}</span>
        <span className={status.style}>{status.label}</span>
        {call.durationMs !== null ? <span className="ml-auto text-zinc-500">{formatDuration(call.durationMs)}</span> : null}
      </summary>
      <div className="space-y-2 border-t border-zinc-200 px-2 py-2 dark:border-zinc-800">
        <div>
          <p className="font-medium text-zinc-600 dark:text-zinc-300">Arguments</p>
          <pre className={block}>{prettyJson(call.function.arguments) || "(none)"}</pre>
        </div>
        <div>
          <p className="font-medium text-zinc-600 dark:text-zinc-300">Output</p>
          <pre className={block}>{call.function.output === null ? "(not yet)" : prettyJson(call.function.output)}</pre>
        </div>
      </div>
    </details>
  );
}

/** The calls of one round, in the order the model made them. */
export function ToolCallList({ calls, label }: { calls: ToolCallRecord[]; label: string }) {
  return (
    <ul aria-label={label} className="space-y-1">
      {calls.map((call) => (
        <li key={call.id}>
          <ToolCallView call={call} />
        </li>
      ))}
    </ul>
  );
}
