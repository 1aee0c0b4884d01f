import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listInvitationsFor } from "@/lib/invites";
import { threadListFor } from "@/lib/threads/live";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const prisma = await db();
  const [threads, invitations] = await Promise.all([threadListFor(prisma, user.id), listInvitationsFor(prisma, { userId: user.id })]);
  return (
    <AppShell user={user} threads={threads} invitations={invitations}>
      {children}
    </AppShell>
  );
}
