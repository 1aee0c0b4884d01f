import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AssistantForm } from "@/components/assistants/assistant-form";
import { DuplicateButton } from "@/components/assistants/assistant-list";
import { Avatar } from "@/components/avatar";
import { getAssistant } from "@/lib/assistants";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { listUploadedFiles } from "@/lib/files";

type Props = { params: Promise<{ assistantId: string }> };

// Cached per request: the metadata and the page share one load.
const loadAssistant = cache(async (assistantId: string) => {
  const user = await requireUser(`/assistants/${assistantId}/edit`);
  const prisma = await db();
  try {
    return { user, prisma, assistant: await getAssistant(prisma, { userId: user.id, assistantId }) };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { assistant } = await loadAssistant((await params).assistantId);
  return { title: assistant.canEdit ? `Edit ${assistant.name}` : assistant.name };
}

export default async function EditAssistantPage({ params }: Props) {
  const { user, prisma, assistant } = await loadAssistant((await params).assistantId);
  if (!assistant.canEdit) {
    return (
      <div className="min-h-0 flex-1 overflow-y-auto p-4 md:p-8">
        <div className="mx-auto max-w-xl rounded-xl border border-zinc-200 p-6 dark:border-zinc-800">
          <div className="flex items-center gap-3">
            <Avatar name={assistant.name} image={assistant.avatarUrl} color={assistant.color} size={44} />
            <div className="min-w-0">
              <h1 className="truncate text-lg font-semibold">{assistant.name}</h1>
              <p className="text-sm text-zinc-500 dark:text-zinc-400">@{assistant.handle}</p>
            </div>
          </div>
          <p className="mt-4 text-sm text-zinc-700 dark:text-zinc-300">
            {assistant.owner ? `Only ${assistant.owner.name} (or an admin)` : "Only an admin"} can edit this assistant. You can use it in your threads, or duplicate it
            to make your own.
          </p>
          <div className="mt-5 flex flex-wrap items-center gap-3">
            <DuplicateButton assistant={assistant} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50" />
            <Link href={`/assistants/${assistant.id}`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
              See its runs
            </Link>
            <Link href="/assistants" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
              Back to assistants
            </Link>
          </div>
        </div>
      </div>
    );
  }
  const files = await listUploadedFiles(prisma, { userId: user.id });
  return <AssistantForm mode="edit" assistant={assistant} files={files} />;
}
