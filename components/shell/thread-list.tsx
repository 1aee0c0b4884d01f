"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { PersonEvent } from "@/lib/events/types";
import type { ThreadListItem } from "@/lib/threads/dto";
import { ThreadNav } from "./thread-nav";

/** The list after one of the person's events; a thread they newly join goes first. */
export function applyPersonEvent(threads: ThreadListItem[], event: PersonEvent): ThreadListItem[] {
  switch (event.type) {
    case "threads":
      return event.threads;
    case "thread.updated":
      return threads.some((thread) => thread.id === event.thread.id)
        ? threads.map((thread) => (thread.id === event.thread.id ? event.thread : thread))
        : [event.thread, ...threads];
    case "thread.removed":
      return threads.filter((thread) => thread.id !== event.threadId);
  }
}

const ThreadListContext = createContext<ThreadListItem[]>([]);

/**
 * The person's threads, kept live from their own event stream (/api/me/events): threads others add
 * them to, rename, archive or remove them from change without a reload. One stream per tab, shared
 * by the sidebar and the phone menu.
 */
export function ThreadListProvider({ initial, children }: { initial: ThreadListItem[]; children: ReactNode }) {
  const [threads, setThreads] = useState(initial);
  // A fresh server render (after an action revalidates the layout) replaces the list.
  const [rendered, setRendered] = useState(initial);
  if (rendered !== initial) {
    setRendered(initial);
    setThreads(initial);
  }
  useEffect(() => {
    // EventSource reconnects by itself; each connection starts with the whole list.
    const source = new EventSource("/api/me/events");
    source.onmessage = (message: MessageEvent<string>) => setThreads((current) => applyPersonEvent(current, JSON.parse(message.data) as PersonEvent));
    return () => source.close();
  }, []);
  return <ThreadListContext.Provider value={threads}>{children}</ThreadListContext.Provider>;
}

/** The sidebar's thread lists: active threads, and the archived ones folded away. */
export function ThreadLists() {
  const threads = useContext(ThreadListContext);
  const active = threads.filter((thread) => thread.archivedAt === null);
  const archived = threads.filter((thread) => thread.archivedAt !== null);
  return (
    <>
      <ThreadNav threads={active} />
      {archived.length > 0 ? (
        <details className="mt-4">
          <summary className="cursor-pointer px-3 py-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Archived ({archived.length})</summary>
          <ThreadNav threads={archived} />
        </details>
      ) : null}
    </>
  );
}
