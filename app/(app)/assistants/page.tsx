import type { Metadata } from "next";
import { AssistantList } from "@/components/assistants/assistant-list";
import { listAssistants } from "@/lib/assistants";
import type { AssistantSort } from "@/lib/assistants/dto";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Assistants" };

type Props = { searchParams: Promise<{ q?: string | string[]; sort?: string | string[] }> };

const SORTS: readonly AssistantSort[] = ["name", "updated", "created"];

export default async function AssistantsPage({ searchParams }: Props) {
  const user = await requireUser("/assistants");
  const { q, sort: sortParam } = await searchParams;
  const query = typeof q === "string" ? q : "";
  const sort = SORTS.find((value) => value === sortParam) ?? "name";
  const assistants = await listAssistants(await db(), { userId: user.id, query, sort });
  return <AssistantList assistants={assistants} userId={user.id} query={query} sort={sort} />;
}
