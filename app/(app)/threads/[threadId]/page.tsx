import type { Metadata } from "next";
import { cache } from "react";
import { ThreadView } from "@/components/thread/thread-view";
import { authorizePage } from "@/lib/access/guard";
import { listUploadedFiles } from "@/lib/files";
import { listMessages } from "@/lib/messages";
import { listRunsForThread } from "@/lib/runs";
import { listInvites } from "@/lib/invites";
import { getThread } from "@/lib/threads";
import { listAddableAssistants } from "@/lib/threads/assistants";

type Props = { params: Promise<{ threadId: string }> };

// Cached per request: the metadata and the page share one load.
const loadThread = cache(async (threadId: string) => {
  const { user, prisma } = await authorizePage("thread.read", `/threads/${threadId}`, { key: "threadId", id: threadId });
  const [{ thread, lastEventSeq }, page, runs, invites, addableAssistants, files] = await Promise.all([
    getThread(prisma, { threadId }),
    listMessages(prisma, { threadId }),
    listRunsForThread(prisma, { threadId }),
    listInvites(prisma, { threadId }),
    listAddableAssistants(prisma, { threadId }),
    listUploadedFiles(prisma, { userId: user.id }),
  ]);
  return { user, thread, lastEventSeq, page, runs, invites, addableAssistants, files };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { thread } = await loadThread((await params).threadId);
  return { title: thread.title };
}

export default async function ThreadPage({ params }: Props) {
  const data = await loadThread((await params).threadId);
  return (
    <ThreadView
      // A fresh view per thread: its cache seeds and event stream belong to that thread.
      key={data.thread.id}
      initialThread={data.thread}
      initialPage={data.page}
      lastEventSeq={data.lastEventSeq}
      me={{ id: data.user.id, name: data.user.name }}
      initialRuns={data.runs}
      invites={data.invites}
      addableAssistants={data.addableAssistants}
      files={data.files}
    />
  );
}
