import type { RunDTO } from "@/lib/runs/dto";
import { RunTrace } from "./run-trace";

/** The thread's runs beside the conversation, newest first (the order the caller gives). */
export function RunsPanel({ runs, onCancel, onRetry }: { runs: RunDTO[]; onCancel: (runId: string) => void; onRetry?: (runId: string) => void }) {
  return (
    <aside id="runs-panel" aria-label="Runs" className="w-full shrink-0 space-y-3 overflow-y-auto border-l border-zinc-200 p-4 md:w-80 dark:border-zinc-800">
      <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Runs</h2>
      {runs.length === 0 ? (
        <p className="text-sm text-zinc-500">No runs yet. Mention an assistant with @ to start one.</p>
      ) : (
        <ul className="space-y-3">
          {runs.map((run) => (
            <li key={run.id}>
              <RunTrace run={run} onCancel={onCancel} onRetry={onRetry} />
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
