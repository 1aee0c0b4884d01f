import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ThreadView } from "@/components/thread/thread-view";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { listUploadedFiles } from "@/lib/files";
import { listMessages } from "@/lib/messages";
import { listRunsForThread } from "@/lib/runs";
import { getThreadForMember, listAddableAssistants, listInvites } from "@/lib/threads";

type Props = { params: Promise<{ threadId: string }> };

// Cached per request: the metadata and the page share one load.
const loadThread = cache(async (threadId: string) => {
  const user = await requireUser(`/threads/${threadId}`);
  const prisma = await db();
  try {
    const { thread, lastEventSeq } = await getThreadForMember(prisma, { threadId, userId: user.id });
    const [page, runs, invites, addableAssistants, files] = await Promise.all([
      listMessages(prisma, { threadId, userId: user.id }),
      listRunsForThread(prisma, { threadId, userId: user.id }),
      listInvites(prisma, { threadId, userId: user.id }),
      listAddableAssistants(prisma, { threadId, userId: user.id }),
      listUploadedFiles(prisma, { userId: user.id }),
    ]);
    return { user, thread, lastEventSeq, page, runs, invites, addableAssistants, files };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
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
