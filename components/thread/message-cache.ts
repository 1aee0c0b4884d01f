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
