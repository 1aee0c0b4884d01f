"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createThreadAction } from "@/app/(app)/threads/actions";

export function NewThread() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="w-full rounded-md border border-dashed border-zinc-300 px-3 py-1.5 text-left text-sm text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800">
        + New thread
      </button>
    );
  }
  return (
    <form
      className="space-y-1"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await createThreadAction({ title });
        if (!result.ok) return setError(result.error);
        setOpen(false);
        setTitle("");
        router.push(`/threads/${result.data.id}`);
      }}
    >
      <label htmlFor="new-thread-title" className="sr-only">
        New thread title
      </label>
      <input
        id="new-thread-title"
        autoFocus
        placeholder="Thread title"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => event.key === "Escape" && setOpen(false)}
        className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex gap-1">
        <button type="submit" className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-semibold text-white hover:bg-indigo-500">
          Create thread
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded-md px-2.5 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Cancel
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
