"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { cancelRunAction, postMessageAction, retryRunAction } from "@/app/(app)/threads/actions";
import { userHandle } from "@/lib/mentions";
import type { FileDTO } from "@/lib/files/dto";
import type { MessagePage } from "@/lib/messages/dto";
import { can } from "@/lib/access/policy";
import { FINISHED_RUN_STATUSES, type RunDTO, type RunOverrides } from "@/lib/runs/dto";
import type { InviteDTO } from "@/lib/invites/dto";
import type { ThreadDTO } from "@/lib/threads/dto";
import { Composer } from "../composer/composer";
import { RunOptions } from "../composer/run-options";
import { DropZone } from "../files/drop-zone";
import { useAttachments } from "../files/use-attachments";
import { RunsPanel } from "../runs/runs-panel";
import { MembersPanel } from "./members-panel";
import { messagesKey, runsKey, threadKey, upsertMessage, upsertRun, type MessagePages } from "./message-cache";
import { MessageList } from "./message-list";
import { ThreadHeader } from "./thread-header";
import { useThreadEvents } from "./use-thread-events";

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error("Could not load the thread.");
  return (await response.json()) as T;
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
  initialRuns: RunDTO[];
  invites: InviteDTO[];
  addableAssistants: { id: string; name: string; handle: string }[];
  /** The person's earlier uploads, to attach again without uploading. */
  files: FileDTO[];
}) {
  const { me } = props;
  const threadId = props.initialThread.id;
  const queryClient = useQueryClient();
  const { data: thread } = useQuery({
    queryKey: threadKey(threadId),
    queryFn: () => fetchJson<ThreadDTO>(`/api/threads/${threadId}`),
    initialData: props.initialThread,
    staleTime: Infinity,
  });
  const { data: runs } = useQuery({
    queryKey: runsKey(threadId),
    queryFn: () => fetchJson<RunDTO[]>(`/api/threads/${threadId}/runs`),
    initialData: props.initialRuns,
    staleTime: Infinity,
  });
  const { online, typing, connection, removed } = useThreadEvents({ threadId, afterSeq: props.lastEventSeq, myId: me.id });
  const [panel, setPanel] = useState<"members" | "runs" | null>(null);
  const [runOptions, setRunOptions] = useState<RunOverrides>({});
  const [runError, setRunError] = useState<string | null>(null);
  const attachments = useAttachments();
  const role = thread.members.find((member) => member.id === me.id)?.role ?? "member";
  const runsByReply = useMemo(() => new Map(runs.flatMap((run) => (run.replyMessageId ? [[run.replyMessageId, run] as const] : []))), [runs]);
  const unstartedByTrigger = useMemo(() => {
    const byTrigger = new Map<string, RunDTO[]>();
    // Oldest first under each message, as they were asked for.
    for (const run of runs.toReversed()) {
      if (run.replyMessageId || !run.triggerMessageId || !FINISHED_RUN_STATUSES.includes(run.status)) continue;
      byTrigger.set(run.triggerMessageId, [...(byTrigger.get(run.triggerMessageId) ?? []), run]);
    }
    return byTrigger;
  }, [runs]);
  const waiting = runs.filter((run) => run.status === "queued" || (run.status === "in_progress" && !run.replyMessageId));

  const send = useCallback(
    async (content: string, fileIds: string[], clientId: string) => {
      const options = Object.keys(runOptions).length ? runOptions : undefined;
      const result = await postMessageAction({ threadId, content, clientId, runOptions: options, fileIds });
      if (!result.ok) throw new Error(result.error);
      queryClient.setQueryData<MessagePages>(messagesKey(threadId), (data) => upsertMessage(data, result.data));
      setRunOptions({});
    },
    [threadId, queryClient, runOptions],
  );
  const changeRun = useCallback(
    async (action: typeof cancelRunAction, runId: string) => {
      const result = await action({ runId });
      if (!result.ok) return setRunError(result.error);
      setRunError(null);
      queryClient.setQueryData<RunDTO[]>(runsKey(threadId), (current) => upsertRun(current, result.data));
    },
    [threadId, queryClient],
  );
  const cancel = useCallback((runId: string) => void changeRun(cancelRunAction, runId), [changeRun]);
  const retryRun = useCallback((runId: string) => void changeRun(retryRunAction, runId), [changeRun]);
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

  const retry = can(role, "run.retry", thread.archivedAt !== null) ? retryRun : undefined;
  const candidates = [
    ...thread.assistants.map((assistant) => ({ kind: "assistant" as const, ...assistant })),
    ...thread.members
      .filter((member) => member.id !== me.id)
      .map((member) => ({ kind: "user" as const, id: member.id, name: member.name, handle: userHandle(member.name), image: member.image })),
  ];

  return (
    <div className="flex min-h-0 flex-1">
      {/* Files dropped anywhere on the conversation are attached to the next message. */}
      <DropZone onFiles={attachments.add} disabled={thread.archivedAt !== null} className="flex min-w-0 flex-1 flex-col">
        <ThreadHeader
          thread={thread}
          role={role}
          connection={connection}
          panel={panel}
          onTogglePanel={(next) => setPanel((open) => (open === next ? null : next))}
          onlineCount={online.length}
          activeRuns={runs.filter((run) => run.status === "queued" || run.status === "in_progress").length}
        />
        <MessageList threadId={threadId} initialPage={props.initialPage} myId={me.id} runsByReply={runsByReply} unstartedByTrigger={unstartedByTrigger} onCancelRun={cancel} onRetryRun={retry} />
        <div aria-live="polite" className="min-h-5 px-6 text-xs text-zinc-500">
          {typing.length > 0 ? <p>{typingText(typing.map((person) => person.name))}</p> : null}
          {waiting.map((run) => (
            <p key={run.id} className="flex items-center gap-2">
              <span>{run.status === "queued" ? `${run.assistant.name} is waiting for its turn…` : `${run.assistant.name} is starting…`}</span>
              <button type="button" onClick={() => cancel(run.id)} className="underline hover:no-underline">
                Cancel<span className="sr-only"> {run.assistant.name}&apos;s run</span>
              </button>
            </p>
          ))}
          {runError ? <p role="alert" className="text-red-700 dark:text-red-300">{runError}</p> : null}
        </div>
        <div className="space-y-1 px-4 pb-4 md:px-6">
          {thread.archivedAt === null ? (
            <div className="flex flex-wrap items-center gap-2">
              <RunOptions value={runOptions} onChange={setRunOptions} files={props.files} />
              {props.files.length > 0 ? (
                <select
                  aria-label="Attach a file you uploaded before"
                  value=""
                  onChange={(event) => {
                    const file = props.files.find((candidate) => candidate.id === event.target.value);
                    if (file) attachments.addFromLibrary(file);
                  }}
                  className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400"
                >
                  <option value="">Attach from your files…</option>
                  {props.files.map((file) => (
                    <option key={file.id} value={file.id}>
                      {file.name}
                    </option>
                  ))}
                </select>
              ) : null}
            </div>
          ) : null}
          <Composer
            threadId={threadId}
            candidates={candidates}
            onSend={send}
            onTyping={notifyTyping}
            disabled={thread.archivedAt !== null}
            disabledReason="This thread is archived. The owner can unarchive it to continue."
            attachments={attachments}
          />
        </div>
      </DropZone>
      {panel === "members" ? (
        <MembersPanel thread={thread} role={role} online={online} myId={me.id} invites={props.invites} addableAssistants={props.addableAssistants} />
      ) : panel === "runs" ? (
        <RunsPanel runs={runs} onCancel={cancel} onRetry={retry} />
      ) : null}
    </div>
  );
}
