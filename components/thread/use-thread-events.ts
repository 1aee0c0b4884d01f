"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ThreadEvent } from "@/lib/events/types";
import type { ThreadDTO } from "@/lib/threads/dto";
import type { RunDTO } from "@/lib/runs/dto";
import { applyDelta, applySnapshot, messagesKey, runsKey, threadKey, upsertMessage, upsertRun, type MessagePages } from "./message-cache";

const TYPING_SHOWN_MS = 4_000;

export type Connection = "connecting" | "live" | "reconnecting" | "closed";

/**
 * Keeps the thread's query cache live from its event stream. EventSource reconnects by itself and
 * sends the last event id it saw, so the server resumes exactly there.
 */
export function useThreadEvents({ threadId, afterSeq, myId }: { threadId: string; afterSeq: number; myId: string }) {
  const queryClient = useQueryClient();
  const [online, setOnline] = useState<string[]>([]);
  const [typing, setTyping] = useState<{ id: string; name: string; until: number }[]>([]);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [removed, setRemoved] = useState(false);
  // The starting point is fixed when the page renders; reconnections use Last-Event-ID.
  const startAfter = useRef(afterSeq);

  useEffect(() => {
    const source = new EventSource(`/api/threads/${threadId}/events?after=${startAfter.current}`);
    const handle = (event: ThreadEvent) => {
      switch (event.type) {
        case "message.created":
        case "message.updated":
          queryClient.setQueryData<MessagePages>(messagesKey(threadId), (data) => upsertMessage(data, event.message));
          if (event.type === "message.created" && event.message.author.kind !== "deleted") {
            const authorId = event.message.author.id;
            setTyping((current) => current.filter((person) => person.id !== authorId));
          }
          break;
        case "message.delta":
          queryClient.setQueryData<MessagePages>(messagesKey(threadId), (data) => applyDelta(data, event));
          break;
        case "message.snapshot":
          queryClient.setQueryData<MessagePages>(messagesKey(threadId), (data) => applySnapshot(data, event.message));
          break;
        case "run.updated":
          queryClient.setQueryData<RunDTO[]>(runsKey(threadId), (runs) => upsertRun(runs, event.run));
          break;
        case "thread.updated":
          queryClient.setQueryData<ThreadDTO>(threadKey(threadId), event.thread);
          if (!event.thread.members.some((member) => member.id === myId)) setRemoved(true);
          break;
        case "typing":
          if (event.user.id === myId) break;
          setTyping((current) => [
            ...current.filter((person) => person.id !== event.user.id),
            { ...event.user, until: Date.now() + TYPING_SHOWN_MS },
          ]);
          break;
        case "presence":
          setOnline(event.online);
          break;
        case "reset":
          void queryClient.invalidateQueries({ queryKey: threadKey(threadId) });
          break;
      }
    };
    source.onopen = () => setConnection("live");
    source.onmessage = (message: MessageEvent<string>) => handle(JSON.parse(message.data) as ThreadEvent);
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
    return () => source.close();
  }, [threadId, myId, queryClient]);

  // Typing notices fade unless renewed.
  useEffect(() => {
    if (typing.length === 0) return;
    const timer = setInterval(() => setTyping((current) => current.filter((person) => person.until > Date.now())), 1_000);
    return () => clearInterval(timer);
  }, [typing.length]);

  return { online, typing, connection, removed };
}
