"use client";

import { useState } from "react";
import { deleteMessageAction, editMessageAction } from "@/app/(app)/threads/actions";
import type { MessageDTO } from "@/lib/messages/dto";
import type { RunDTO } from "@/lib/runs/dto";
import { Avatar } from "../avatar";
import { MessageFiles } from "../files/message-files";
import { MessageContent } from "../messages/message-content";
import { RunOutcome } from "../runs/run-outcome";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function MessageItem({
  message,
  mine,
  run,
  unstarted = [],
  onChanged,
  onCancelRun,
  onRetryRun,
}: {
  message: MessageDTO;
  mine: boolean;
  /** The run that wrote this reply, for assistant messages. */
  run?: RunDTO;
  /** Runs this message asked for that ended without a reply (cancelled, or never started), to say why. */
  unstarted?: RunDTO[];
  onChanged: (message: MessageDTO) => void;
  onCancelRun: (runId: string) => void;
  /** Absent where retrying is not allowed (an archived thread). */
  onRetryRun?: (runId: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { author } = message;
  const deleted = message.deletedAt !== null;

  async function perform(action: () => ReturnType<typeof editMessageAction>) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onChanged(result.data);
    setEditing(false);
  }

  return (
    <li className="group flex gap-3 rounded-md px-2 py-1.5 hover:bg-zinc-50 dark:hover:bg-zinc-900" aria-label={`Message from ${author.name}`} data-seq={message.seq}>
      <Avatar name={author.name} image={author.kind === "deleted" ? null : author.image} color={author.kind === "assistant" ? author.color : undefined} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-2 text-sm">
          <span className="font-semibold">{author.name}</span>
          {author.kind === "assistant" ? (
            <span className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">assistant</span>
          ) : null}
          <time dateTime={message.createdAt} className="text-xs text-zinc-500" suppressHydrationWarning>
            {timeFormat.format(new Date(message.createdAt))}
          </time>
          {message.editedAt && !deleted ? <span className="text-xs text-zinc-500">(edited)</span> : null}
          {mine && !deleted && !editing ? (
            <span className="ml-auto flex gap-1 opacity-0 transition-opacity group-focus-within:opacity-100 group-hover:opacity-100">
              <button type="button" className="rounded px-1.5 text-xs text-zinc-600 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800" onClick={() => { setDraft(message.content); setEditing(true); }}>
                Edit<span className="sr-only"> message</span>
              </button>
              <button
                type="button"
                disabled={busy}
                className="rounded px-1.5 text-xs text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
                onClick={() => {
                  if (window.confirm("Delete this message? Everyone will see that a message was deleted.")) void perform(() => deleteMessageAction({ messageId: message.id }));
                }}
              >
                Delete<span className="sr-only"> message</span>
              </button>
            </span>
          ) : null}
        </div>
        {deleted ? (
          <p className="mt-1 text-sm italic text-zinc-500">This message was deleted.</p>
        ) : editing ? (
          <form
            className="mt-1 space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              void perform(() => editMessageAction({ messageId: message.id, content: draft }));
            }}
          >
            <textarea
              aria-label="Edit message"
              value={draft}
              autoFocus
              rows={Math.min(10, draft.split("\n").length + 1)}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") setEditing(false);
                if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
              className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
            <div className="flex gap-2">
              <button type="submit" disabled={busy} className="rounded-md bg-indigo-600 px-3 py-1 text-xs font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
                Save
              </button>
              <button type="button" onClick={() => setEditing(false)} className="rounded-md px-3 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800">
                Cancel
              </button>
            </div>
          </form>
        ) : message.status === "in_progress" && !message.content ? (
          <p className="mt-1 animate-pulse text-sm text-zinc-500">Thinking…</p>
        ) : (
          <MessageContent content={message.content} />
        )}
        {!deleted && message.files.length > 0 ? <MessageFiles files={message.files} /> : null}
        {message.status === "in_progress" && message.runId ? (
          <button
            type="button"
            onClick={() => onCancelRun(message.runId!)}
            className="mt-1 rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Stop<span className="sr-only"> {author.name}&apos;s reply</span>
          </button>
        ) : null}
        {run ? <RunOutcome run={run} onRetry={onRetryRun} /> : null}
        {unstarted.map((other) => (
          <RunOutcome key={other.id} run={other} named onRetry={onRetryRun} />
        ))}
        {error ? (
          <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </div>
    </li>
  );
}
