import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listThreadsForUser } from "@/lib/threads";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const threads = await listThreadsForUser(await db(), { userId: user.id });
  return (
    <AppShell user={user} threads={threads}>
      {children}
    </AppShell>
  );
}
