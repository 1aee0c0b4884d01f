import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listInvitationsFor } from "@/lib/invites";
import { listThreadsForUser } from "@/lib/threads";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const prisma = await db();
  const [threads, archived, invitations] = await Promise.all([
    listThreadsForUser(prisma, { userId: user.id }),
    listThreadsForUser(prisma, { userId: user.id, archived: true }),
    listInvitationsFor(prisma, { userId: user.id }),
  ]);
  return (
    <AppShell user={user} threads={threads} archived={archived} invitations={invitations}>
      {children}
    </AppShell>
  );
}
