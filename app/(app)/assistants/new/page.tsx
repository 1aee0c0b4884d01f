import type { Metadata } from "next";
import { AssistantForm } from "@/components/assistants/assistant-form";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listUploadedFiles } from "@/lib/files";

export const metadata: Metadata = { title: "New assistant" };

export default async function NewAssistantPage() {
  const user = await requireUser("/assistants/new");
  const files = await listUploadedFiles(await db(), { userId: user.id });
  return <AssistantForm mode="create" files={files} />;
}
