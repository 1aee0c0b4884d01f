import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listThreadsForUser } from "@/lib/threads";

export default async function HomePage() {
  const user = await requireUser();
  const [latest] = await listThreadsForUser(await db(), { userId: user.id });
  if (latest) redirect(`/threads/${latest.id}`);
  return (
    <div className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center">
        <h1 className="text-lg font-semibold">No threads yet</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Threads are rooms where people and assistants talk together. When someone invites you to one, open the link they
          sent you, or accept the invitation in the sidebar.
        </p>
      </div>
    </div>
  );
}
