"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { deleteAssistantAction, duplicateAssistantAction } from "@/app/(app)/assistants/actions";
import type { AssistantSort, AssistantSummary } from "@/lib/assistants/dto";
import { Avatar } from "../avatar";

const SORT_LABELS: Record<AssistantSort, string> = { name: "Name", updated: "Recently updated", created: "Recently created" };
const SEARCH_DELAY_MS = 250;

const cardButton = "rounded-md px-2.5 py-1 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";
const control = "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function listHref(query: string, sort: AssistantSort): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (sort !== "name") params.set("sort", sort);
  const search = params.toString();
  return search ? `/assistants?${search}` : "/assistants";
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Every assistant, to find, open, edit, duplicate or delete. */
export function AssistantList({ assistants, userId, query, sort }: { assistants: AssistantSummary[]; userId: string; query: string; sort: AssistantSort }) {
  const router = useRouter();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [text, setText] = useState(query);
  const [notice, setNotice] = useState<string | null>(null);
  const [searching, startSearch] = useTransition();

  // The URL holds the search, so that it survives a reload and can be shared; typing waits a moment.
  useEffect(() => {
    if (text.trim() === query.trim()) return;
    const timer = setTimeout(() => startSearch(() => router.replace(listHref(text.trim(), sort), { scroll: false })), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, query, sort, router]);

  function deleted(name: string) {
    setNotice(`${name} was deleted.`);
    // Its card, which had focus, is gone.
    headingRef.current?.focus();
  }

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-6xl px-4 py-6 md:px-8">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 ref={headingRef} tabIndex={-1} className="text-xl font-semibold focus-visible:outline-none">
              Assistants
            </h1>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Mention one in a thread with its @handle and it joins the conversation.</p>
          </div>
          <Link href="/assistants/new" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">
            New assistant
          </Link>
        </header>

        <div role="search" className="mt-6 grid gap-3 sm:grid-cols-[minmax(0,1fr)_14rem]">
          <div>
            <label htmlFor={`${id}-search`} className="mb-1 block text-sm font-medium">
              Search assistants
            </label>
            <input
              id={`${id}-search`}
              type="search"
              value={text}
              placeholder="Name, @handle or description"
              autoComplete="off"
              onChange={(event) => setText(event.target.value)}
              className={control}
            />
          </div>
          <div>
            <label htmlFor={`${id}-sort`} className="mb-1 block text-sm font-medium">
              Sort by
            </label>
            <select
              id={`${id}-sort`}
              value={sort}
              onChange={(event) => startSearch(() => router.replace(listHref(text.trim(), event.target.value as AssistantSort), { scroll: false }))}
              className={control}
            >
              {(Object.keys(SORT_LABELS) as AssistantSort[]).map((value) => (
                <option key={value} value={value}>
                  {SORT_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
        </div>

        <div className="mt-4 flex min-h-5 items-center justify-between gap-3 text-sm text-zinc-500 dark:text-zinc-400">
          <p aria-live="polite">{searching ? "Searching…" : assistants.length > 0 ? plural(assistants.length, "assistant") : ""}</p>
          <p role="status">{notice}</p>
        </div>

        {assistants.length === 0 ? (
          <div className="mt-4 rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700">
            {query.trim() ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No assistants match “{query.trim()}”. Try another word, or clear the search.</p>
            ) : (
              <>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">No assistants yet — create the first one.</p>
                <Link href="/assistants/new" className="mt-3 inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                  Create an assistant
                </Link>
              </>
            )}
          </div>
        ) : (
          <ul aria-label="Assistants" aria-busy={searching} className={`mt-3 grid gap-4 sm:grid-cols-2 xl:grid-cols-3 ${searching ? "opacity-60" : ""}`}>
            {assistants.map((assistant) => (
              <AssistantCard key={assistant.id} assistant={assistant} yours={assistant.canEdit && assistant.owner?.id === userId} onDeleted={deleted} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function AssistantCard({ assistant, yours, onDeleted }: { assistant: AssistantSummary; yours: boolean; onDeleted: (name: string) => void }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    if (!window.confirm(`Delete ${assistant.name}? Its messages and runs stay in their threads, under its name.`)) return;
    setBusy(true);
    setError(null);
    const result = await deleteAssistantAction({ assistantId: assistant.id }).catch(() => null);
    if (!result?.ok) {
      setBusy(false);
      setError(result?.error ?? "Could not reach the server. Try again.");
      return;
    }
    onDeleted(assistant.name);
    router.refresh();
  }

  return (
    <li className="relative flex flex-col rounded-xl border border-zinc-200 bg-white p-4 transition-colors hover:border-zinc-300 has-[h2_a:focus-visible]:outline-2 has-[h2_a:focus-visible]:outline-offset-2 has-[h2_a:focus-visible]:outline-indigo-500 dark:border-zinc-800 dark:bg-zinc-950 dark:hover:border-zinc-700">
      <div className="flex items-start gap-3">
        <Avatar name={assistant.name} image={assistant.avatarUrl} color={assistant.color} size={40} />
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">
            {/* The whole card opens the assistant; its buttons sit above this link's overlay. */}
            <Link href={`/assistants/${assistant.id}`} className="after:absolute after:inset-0 after:rounded-xl focus-visible:outline-none">
              {assistant.name}
            </Link>
          </h2>
          <p className="truncate text-sm text-zinc-500 dark:text-zinc-400">@{assistant.handle}</p>
        </div>
        {yours ? <span className="shrink-0 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">yours</span> : null}
      </div>
      <p className="mt-3 line-clamp-2 min-h-10 text-sm text-zinc-700 dark:text-zinc-300">
        {assistant.description || <span className="text-zinc-400 dark:text-zinc-500">No description.</span>}
      </p>
      <dl className="mt-3 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        <div className="min-w-0 max-w-full">
          <dt className="sr-only">Model</dt>
          <dd className="truncate font-mono">{assistant.model}</dd>
        </div>
        <div>
          <dt className="sr-only">Tools</dt>
          <dd>{plural(assistant.toolCount, "tool")}</dd>
        </div>
        <div>
          <dt className="sr-only">Files</dt>
          <dd>{plural(assistant.fileCount, "file")}</dd>
        </div>
        {yours ? null : (
          <div className="min-w-0">
            <dt className="sr-only">Owner</dt>
            <dd className="truncate">{assistant.owner ? `by ${assistant.owner.name}` : "no owner"}</dd>
          </div>
        )}
      </dl>
      {error ? (
        <p role="alert" className="relative z-10 mt-3 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <div className="relative z-10 mt-4 flex flex-wrap items-center gap-1 border-t border-zinc-100 pt-3 dark:border-zinc-800">
        {assistant.canEdit ? (
          <Link href={`/assistants/${assistant.id}/edit`} aria-label={`Edit ${assistant.name}`} className={cardButton}>
            Edit
          </Link>
        ) : null}
        <DuplicateButton assistant={assistant} disabled={busy} className={cardButton} onError={setError} />
        {assistant.canEdit ? (
          <button type="button" aria-label={`Delete ${assistant.name}`} disabled={busy} onClick={() => void remove()} className={`${cardButton} ml-auto text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950`}>
            Delete
          </button>
        ) : null}
      </div>
    </li>
  );
}

/** Makes a copy of the assistant that the viewer owns, and opens it for editing. */
export function DuplicateButton({
  assistant,
  className,
  disabled = false,
  onError,
}: {
  assistant: { id: string; name: string };
  className: string;
  disabled?: boolean;
  /** Where to show a failure; without it the button shows it beside itself. */
  onError?: (message: string | null) => void;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const report = onError ?? setError;

  async function duplicate() {
    setBusy(true);
    report(null);
    const result = await duplicateAssistantAction({ assistantId: assistant.id }).catch(() => null);
    if (!result?.ok) {
      setBusy(false);
      report(result?.error ?? "Could not reach the server. Try again.");
      return;
    }
    router.push(`/assistants/${result.data.id}/edit`);
  }

  return (
    <>
      <button type="button" aria-label={`Duplicate ${assistant.name}`} disabled={disabled || busy} onClick={() => void duplicate()} className={className}>
        {busy ? "Duplicating…" : "Duplicate"}
      </button>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </>
  );
}
