import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AnswerButtons } from "@/components/invites/answer-buttons";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { describeInvite } from "@/lib/invites";

export const metadata: Metadata = { title: "Join a thread" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser(`/invite/${token}`);
  let invite;
  try {
    invite = await describeInvite(await db(), { token, userId: user.id });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
        <h1 className="text-lg font-semibold">Invite not valid</h1>
        <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">{error.message}</p>
        <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Back to your threads
        </Link>
      </div>
    );
  }
  if (invite.alreadyMember && !invite.email) redirect(`/threads/${invite.threadId}`);
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-lg font-semibold">You are invited to “{invite.title}”</h1>
      <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        {invite.invitedBy ? `${invite.invitedBy} invited ${invite.email ?? "you"}. ` : ""}
        {invite.email ? "Accept to join the thread and talk with its people and assistants, or decline." : "Join to read the thread and talk with its people and assistants."}
      </p>
      <AnswerButtons token={token} personal={Boolean(invite.email)} />
    </div>
  );
}
