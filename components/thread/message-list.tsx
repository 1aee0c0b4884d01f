"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useRef } from "react";
import type { MessageDTO, MessagePage } from "@/lib/messages/dto";
import type { RunDTO } from "@/lib/runs/dto";
import { flatten, messagesKey, upsertMessage, type MessagePages } from "./message-cache";
import { MessageItem } from "./message-item";

const NEAR_BOTTOM_PX = 120;

async function fetchPage(threadId: string, beforeSeq: number | undefined): Promise<MessagePage> {
  const response = await fetch(`/api/threads/${threadId}/messages${beforeSeq ? `?before=${beforeSeq}` : ""}`);
  if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { error?: string }).error ?? "Could not load messages.");
  return (await response.json()) as MessagePage;
}

/** The thread's messages: opens at the latest, loads earlier pages on scrolling up, follows new ones while at the bottom. */
export function MessageList({
  threadId,
  initialPage,
  myId,
  runsByReply,
  unstartedByTrigger,
  onCancelRun,
  onRetryRun,
}: {
  threadId: string;
  initialPage: MessagePage;
  myId: string;
  runsByReply: Map<string, RunDTO>;
  /** Runs that ended without a reply, by the message that asked for them. */
  unstartedByTrigger: Map<string, RunDTO[]>;
  onCancelRun: (runId: string) => void;
  onRetryRun?: (runId: string) => void;
}) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: messagesKey(threadId),
    queryFn: ({ pageParam }) => fetchPage(threadId, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => (page.hasMore ? page.messages[0]?.seq : undefined),
    initialData: { pages: [initialPage], pageParams: [undefined] },
    // The stream keeps it fresh; refetching would drop the older pages already scrolled through.
    staleTime: Infinity,
  });
  const messages = flatten(query.data as MessagePages);
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const heightBeforePrepend = useRef<number | null>(null);

  const onChanged = (message: MessageDTO) =>
    queryClient.setQueryData<MessagePages>(messagesKey(threadId), (data) => upsertMessage(data, message));

  // Keep the view where the reader is: at the bottom as messages arrive, or on the same message
  // when an earlier page is put above it.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (heightBeforePrepend.current !== null) {
      element.scrollTop += element.scrollHeight - heightBeforePrepend.current;
      heightBeforePrepend.current = null;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [messages.length, messages.at(-1)?.content]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) {
        heightBeforePrepend.current = scroller.current?.scrollHeight ?? null;
        void fetchNextPage();
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div
      ref={scroller}
      className="min-h-0 flex-1 overflow-y-auto"
      onScroll={(event) => {
        const element = event.currentTarget;
        stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
      }}
    >
      <div ref={sentinel} className="flex justify-center p-2">
        {hasNextPage ? (
          <button
            type="button"
            disabled={isFetchingNextPage}
            onClick={() => {
              heightBeforePrepend.current = scroller.current?.scrollHeight ?? null;
              void fetchNextPage();
            }}
            className="rounded-md px-3 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            {isFetchingNextPage ? "Loading earlier messages…" : "Load earlier messages"}
          </button>
        ) : messages.length > 0 ? (
          <p className="text-xs text-zinc-500">This is the beginning of the thread.</p>
        ) : null}
      </div>
      {query.isFetchNextPageError ? (
        <p role="alert" className="text-center text-xs text-red-700 dark:text-red-300">
          {query.error?.message}
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p className="p-8 text-center text-sm text-zinc-500">No messages yet. Say hello, or mention an assistant with @.</p>
      ) : (
        <ol aria-label="Messages" className="space-y-1 px-2 pb-4 md:px-4">
          {messages.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              mine={message.author.kind === "user" && message.author.id === myId}
              run={runsByReply.get(message.id)}
              unstarted={unstartedByTrigger.get(message.id)}
              onChanged={onChanged}
              onCancelRun={onCancelRun}
              onRetryRun={onRetryRun}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
