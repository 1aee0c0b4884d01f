import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Avatar } from "@/components/avatar";
import { RunTrace } from "@/components/runs/run-trace";
import { getAssistant } from "@/lib/assistants";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listRunsForAssistant } from "@/lib/runs";

type Props = { params: Promise<{ assistantId: string }> };

// Cached per request: the metadata and the page share one load.
const loadAssistant = cache(async (assistantId: string) => {
  const user = await requireUser(`/assistants/${assistantId}`);
  const prisma = await db();
  const assistant = await prisma.assistant.findUnique({
    where: { id: assistantId },
    select: { id: true, name: true, handle: true, description: true, color: true, model: true, deletedAt: true },
  });
  if (!assistant) notFound();
  // Only runs in the viewer's threads: the others would show what those threads contain.
  const [runs, canEdit] = await Promise.all([
    listRunsForAssistant(prisma, { userId: user.id, assistantId }),
    // A deleted assistant stays readable here, but there is nothing left to edit.
    assistant.deletedAt ? false : getAssistant(prisma, { userId: user.id, assistantId }).then((detail) => detail.canEdit),
  ]);
  return { assistant, runs, canEdit };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { assistant } = await loadAssistant((await params).assistantId);
  return { title: `${assistant.name} (@${assistant.handle})` };
}

export default async function AssistantPage({ params }: Props) {
  const { assistant, runs, canEdit } = await loadAssistant((await params).assistantId);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto p-4 md:p-6">
      <Link href="/assistants" className="mb-4 inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        <span aria-hidden="true">← </span>
        Back to assistants
      </Link>
      <header className="flex items-start gap-3">
        <Avatar name={assistant.name} color={assistant.color} size={48} />
        <div className="min-w-0 flex-1">
          <h1 className="text-lg font-semibold">
            {assistant.name}
            {assistant.deletedAt ? (
              <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 align-middle text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">deleted</span>
            ) : null}
          </h1>
          <p className="text-sm text-zinc-500">
            @{assistant.handle} · <span className="font-mono">{assistant.model}</span>
          </p>
          {assistant.description ? <p className="mt-1 max-w-2xl text-sm text-zinc-700 dark:text-zinc-300">{assistant.description}</p> : null}
        </div>
        {canEdit ? (
          <Link
            href={`/assistants/${assistant.id}/edit`}
            aria-label={`Edit ${assistant.name}`}
            className="shrink-0 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Edit
          </Link>
        ) : null}
      </header>

      <section aria-labelledby="assistant-runs" className="mt-6">
        <h2 id="assistant-runs" className="mb-3 text-xs font-semibold uppercase tracking-wide text-zinc-500">
          Runs across your threads
        </h2>
        {runs.length === 0 ? (
          <p className="text-sm text-zinc-500">{assistant.name} has not run in any of your threads yet.</p>
        ) : (
          <ul className="grid items-start gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {runs.map((run) => (
              <li key={run.id} className="space-y-1">
                <RunTrace run={run} threadTitle={run.threadTitle} />
                <Link href={`/threads/${run.threadId}`} className="inline-block px-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                  Open thread<span className="sr-only"> {run.threadTitle}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
