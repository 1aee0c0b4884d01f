"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { leaveThreadAction, renameThreadAction, setThreadArchivedAction } from "@/app/(app)/threads/actions";
import type { ThreadDTO, ThreadRole } from "@/lib/threads/dto";
import type { Connection } from "./use-thread-events";

const CONNECTION_LABEL: Record<Connection, string | null> = {
  connecting: "Connecting…",
  live: null,
  reconnecting: "Reconnecting…",
  closed: "Disconnected. Reload the page.",
};

const button = "rounded-md px-2.5 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800";

export function ThreadHeader({
  thread,
  role,
  connection,
  panel,
  onTogglePanel,
  onlineCount,
  activeRuns,
}: {
  thread: ThreadDTO;
  role: ThreadRole;
  connection: Connection;
  panel: "members" | "runs" | null;
  onTogglePanel: (panel: "members" | "runs") => void;
  onlineCount: number;
  activeRuns: number;
}) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(thread.title);
  const [error, setError] = useState<string | null>(null);
  const status = CONNECTION_LABEL[connection];

  async function act<T>(result: Promise<{ ok: true; data: T } | { ok: false; error: string }>, done?: () => void) {
    const outcome = await result;
    if (!outcome.ok) return setError(outcome.error);
    setError(null);
    done?.();
  }

  return (
    <header className="border-b border-zinc-200 px-4 py-2.5 md:px-6 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2">
        {renaming ? (
          <form
            className="flex min-w-0 flex-1 gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void act(renameThreadAction({ threadId: thread.id, title }), () => setRenaming(false));
            }}
          >
            <input
              aria-label="Thread title"
              value={title}
              autoFocus
              onChange={(event) => setTitle(event.target.value)}
              onKeyDown={(event) => event.key === "Escape" && setRenaming(false)}
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-lg font-semibold dark:border-zinc-700 dark:bg-zinc-900"
            />
            <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-semibold text-white hover:bg-indigo-500">
              Save
            </button>
            <button type="button" className={button} onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <h1 className="min-w-0 flex-1 truncate text-lg font-semibold">
            {thread.title}
            {thread.archivedAt ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 align-middle text-xs font-medium text-amber-800 dark:bg-amber-900 dark:text-amber-200">Archived</span> : null}
          </h1>
        )}
        {status ? (
          <span role="status" className="text-xs text-zinc-500">
            {status}
          </span>
        ) : null}
        {!renaming ? (
          <button type="button" className={button} onClick={() => { setTitle(thread.title); setRenaming(true); }}>
            Rename
          </button>
        ) : null}
        {role === "owner" ? (
          <button type="button" className={button} onClick={() => void act(setThreadArchivedAction({ threadId: thread.id, archived: !thread.archivedAt }))}>
            {thread.archivedAt ? "Unarchive" : "Archive"}
          </button>
        ) : null}
        <button
          type="button"
          className={button}
          onClick={() => {
            if (window.confirm(`Leave "${thread.title}"? You will need a new invite to come back.`)) {
              void act(leaveThreadAction({ threadId: thread.id }), () => router.push("/"));
            }
          }}
        >
          Leave
        </button>
        <button type="button" aria-expanded={panel === "runs"} aria-controls="runs-panel" className={button} onClick={() => onTogglePanel("runs")}>
          Runs{activeRuns ? ` (${activeRuns} active)` : ""}
        </button>
        <button type="button" aria-expanded={panel === "members"} aria-controls="members-panel" className={button} onClick={() => onTogglePanel("members")}>
          People ({thread.members.length}
          <span className="sr-only"> members, {onlineCount} online</span>
          <span aria-hidden="true"> · {onlineCount} online</span>)
        </button>
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </header>
  );
}
