import type { InfiniteData } from "@tanstack/react-query";
import type { MessageDTO, MessagePage } from "@/lib/messages/dto";

/** Pages as TanStack Query keeps them: pages[0] is the latest, later pages are older. */
export type MessagePages = InfiniteData<MessagePage, number | undefined>;

export const messagesKey = (threadId: string) => ["thread", threadId, "messages"] as const;
export const threadKey = (threadId: string) => ["thread", threadId] as const;

/** Inserts or replaces a message, keeping each page ordered by sequence number and never doubling one. */
export function upsertMessage(data: MessagePages | undefined, message: MessageDTO): MessagePages | undefined {
  if (!data) return data;
  const pageIndex = data.pages.findIndex((page) => page.messages.some((existing) => existing.id === message.id));
  if (pageIndex >= 0) {
    return {
      ...data,
      pages: data.pages.map((page, index) =>
        index === pageIndex
          ? { ...page, messages: page.messages.map((existing) => (existing.id === message.id ? newer(existing, message) : existing)) }
          : page,
      ),
    };
  }
  const [latest, ...older] = data.pages;
  if (!latest) return data;
  const messages = [...latest.messages, message].sort((a, b) => a.seq - b.seq);
  return { ...data, pages: [{ ...latest, messages }, ...older] };
}

// An event may arrive after a fresher copy (say, the action's own reply): keep the fresher one.
function newer(current: MessageDTO, incoming: MessageDTO): MessageDTO {
  const stamp = (message: MessageDTO) => Math.max(Date.parse(message.deletedAt ?? "") || 0, Date.parse(message.editedAt ?? "") || 0);
  return stamp(incoming) >= stamp(current) ? incoming : current;
}

/** All loaded messages, oldest first. */
export function flatten(data: MessagePages | undefined): MessageDTO[] {
  return data ? data.pages.toReversed().flatMap((page) => page.messages) : [];
}

function mapMessage(data: MessagePages | undefined, messageId: string, change: (message: MessageDTO) => MessageDTO): MessagePages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.messages.some((message) => message.id === messageId)
        ? { ...page, messages: page.messages.map((message) => (message.id === messageId ? change(message) : message)) }
        : page,
    ),
  };
}

/**
 * Applies a streamed piece of a reply where it belongs. A piece already covered (say, by a snapshot
 * taken after it was sent) changes nothing, so repeats and late arrivals are harmless; a piece after
 * a gap is skipped, and the reply's final text fills it in.
 */
export function applyDelta(data: MessagePages | undefined, { messageId, offset, delta }: { messageId: string; offset: number; delta: string }) {
  return mapMessage(data, messageId, (message) =>
    message.status === "in_progress" && offset <= message.content.length && offset + delta.length > message.content.length
      ? { ...message, content: message.content.slice(0, offset) + delta }
      : message,
  );
}

/** A reply as far as it has got: taken unless what we have is already further along or final. */
export function applySnapshot(data: MessagePages | undefined, snapshot: MessageDTO): MessagePages | undefined {
  const known = flatten(data).find((message) => message.id === snapshot.id);
  if (!known) return upsertMessage(data, snapshot);
  return mapMessage(data, snapshot.id, (message) =>
    message.status === "in_progress" && snapshot.content.length > message.content.length ? { ...message, content: snapshot.content } : message,
  );
}

export const runsKey = (threadId: string) => ["thread", threadId, "runs"] as const;

/**
 * Runs newest first; an update replaces the run it is about, unless the copy held is newer: an
 * action's own answer can arrive after the event stream has already brought a later revision.
 */
export function upsertRun<T extends { id: string; createdAt: string; revision: number }>(runs: T[] | undefined, run: T): T[] {
  const held = runs?.find((existing) => existing.id === run.id);
  if (runs && held && held.revision > run.revision) return runs;
  const others = (runs ?? []).filter((existing) => existing.id !== run.id);
  return [run, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}
