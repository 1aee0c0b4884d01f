"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { postMessageAction } from "@/app/(app)/threads/actions";
import { userHandle } from "@/lib/mentions";
import type { MessagePage } from "@/lib/messages/dto";
import type { InviteDTO } from "@/lib/threads";
import type { ThreadDTO } from "@/lib/threads/dto";
import { Composer } from "../composer/composer";
import { MembersPanel } from "./members-panel";
import { messagesKey, threadKey, upsertMessage, type MessagePages } from "./message-cache";
import { MessageList } from "./message-list";
import { ThreadHeader } from "./thread-header";
import { useThreadEvents } from "./use-thread-events";

async function fetchThread(threadId: string): Promise<ThreadDTO> {
  const response = await fetch(`/api/threads/${threadId}`);
  if (!response.ok) throw new Error("Could not load the thread.");
  return (await response.json()) as ThreadDTO;
}

function typingText(names: string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

export function ThreadView(props: {
  initialThread: ThreadDTO;
  initialPage: MessagePage;
  lastEventSeq: number;
  me: { id: string; name: string };
  invites: InviteDTO[];
  addableAssistants: { id: string; name: string; handle: string }[];
}) {
  const { me } = props;
  const threadId = props.initialThread.id;
  const queryClient = useQueryClient();
  const { data: thread } = useQuery({
    queryKey: threadKey(threadId),
    queryFn: () => fetchThread(threadId),
    initialData: props.initialThread,
    staleTime: Infinity,
  });
  const { online, typing, connection, removed } = useThreadEvents({ threadId, afterSeq: props.lastEventSeq, myId: me.id });
  const [membersOpen, setMembersOpen] = useState(false);
  const role = thread.members.find((member) => member.id === me.id)?.role ?? "member";

  const send = useCallback(
    async (content: string) => {
      const result = await postMessageAction({ threadId, content, clientId: crypto.randomUUID() });
      if (!result.ok) throw new Error(result.error);
      queryClient.setQueryData<MessagePages>(messagesKey(threadId), (data) => upsertMessage(data, result.data));
    },
    [threadId, queryClient],
  );
  const notifyTyping = useCallback(() => void fetch(`/api/threads/${threadId}/typing`, { method: "POST" }).catch(() => {}), [threadId]);

  if (removed) {
    return (
      <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
        <p className="text-lg font-semibold">You are no longer a member of this thread.</p>
        <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Back to your threads
        </Link>
      </div>
    );
  }

  const candidates = [
    ...thread.assistants.map((assistant) => ({ kind: "assistant" as const, ...assistant })),
    ...thread.members
      .filter((member) => member.id !== me.id)
      .map((member) => ({ kind: "user" as const, id: member.id, name: member.name, handle: userHandle(member.name), image: member.image })),
  ];

  return (
    <div className="flex min-h-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <ThreadHeader
          thread={thread}
          role={role}
          connection={connection}
          membersOpen={membersOpen}
          onToggleMembers={() => setMembersOpen((open) => !open)}
          onlineCount={online.length}
        />
        <MessageList threadId={threadId} initialPage={props.initialPage} myId={me.id} />
        <p aria-live="polite" className="h-5 px-6 text-xs text-zinc-500">
          {typing.length > 0 ? typingText(typing.map((person) => person.name)) : ""}
        </p>
        <div className="px-4 pb-4 md:px-6">
          <Composer
            threadId={threadId}
            candidates={candidates}
            onSend={send}
            onTyping={notifyTyping}
            disabled={thread.archivedAt !== null}
            disabledReason="This thread is archived. The owner can unarchive it to continue."
          />
        </div>
      </div>
      {membersOpen ? (
        <MembersPanel thread={thread} role={role} online={online} myId={me.id} invites={props.invites} addableAssistants={props.addableAssistants} />
      ) : null}
    </div>
  );
}
