import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/avatar";
import { MessageList } from "@/components/messages/message-list";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { listMessages } from "@/lib/messages";
import { getThreadForMember } from "@/lib/threads";

type Props = { params: Promise<{ threadId: string }> };

async function loadThread(threadId: string) {
  const user = await requireUser(`/threads/${threadId}`);
  const prisma = await db();
  try {
    const thread = await getThreadForMember(prisma, { threadId, userId: user.id });
    const messages = await listMessages(prisma, { threadId, userId: user.id });
    return { thread, messages };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { thread } = await loadThread((await params).threadId);
  return { title: thread.title };
}

export default async function ThreadPage({ params }: Props) {
  const { thread, messages } = await loadThread((await params).threadId);
  return (
    <>
      <header className="flex items-center justify-between gap-4 border-b border-zinc-200 px-4 py-3 md:px-6 dark:border-zinc-800">
        <h1 className="truncate text-lg font-semibold">{thread.title}</h1>
        <ul aria-label="Participants" className="flex -space-x-2">
          {thread.members.map(({ user }) => (
            <li key={user.id} title={user.name} className="rounded-full ring-2 ring-white dark:ring-zinc-950">
              <Avatar name={user.name} image={user.image} size={28} />
              <span className="sr-only">{user.name}</span>
            </li>
          ))}
          {thread.assistants.map(({ assistant }) => (
            <li key={assistant.id} title={`${assistant.name} (@${assistant.handle})`} className="rounded-full ring-2 ring-white dark:ring-zinc-950">
              <Avatar name={assistant.name} image={assistant.avatarUrl} color={assistant.color} size={28} />
              <span className="sr-only">{`${assistant.name}, assistant`}</span>
            </li>
          ))}
        </ul>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <MessageList messages={messages} />
      </div>
    </>
  );
}
