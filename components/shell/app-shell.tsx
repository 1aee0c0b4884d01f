import type { ReactNode } from "react";
import { InvitationList } from "@/components/invites/invitation-list";
import type { AccountUser } from "@/lib/accounts";
import type { InvitationDTO } from "@/lib/invites/dto";
import type { ThreadListItem } from "@/lib/threads/dto";
import { AccountMenu } from "./account-menu";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";
import { NewThread } from "./new-thread";
import { ThreadListProvider, ThreadLists } from "./thread-list";

type NavigationProps = { invitations: InvitationDTO[]; user: AccountUser & { isAdmin: boolean } };

function Navigation({ invitations, user }: NavigationProps) {
  return (
    <>
      <div className="px-2 pt-2">
        <NewThread />
      </div>
      <nav aria-label="Sections" className="px-2 pt-2">
        <NavLink href="/assistants">Assistants</NavLink>
      </nav>
      <InvitationList invitations={invitations} />
      <nav aria-label="Threads" className="min-h-0 flex-1 overflow-y-auto p-2">
        <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Threads</h2>
        <ThreadLists />
      </nav>
      <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
        {/* Only what the menu shows reaches the browser (not the session id). */}
        <AccountMenu user={{ name: user.name, email: user.email, image: user.image, isAdmin: user.isAdmin }} />
      </div>
    </>
  );
}

/** Sidebar with the user's threads and account menu beside the main pane; a drawer on phones. */
export function AppShell({ children, threads, ...navigation }: NavigationProps & { threads: ThreadListItem[]; children: ReactNode }) {
  return (
    <ThreadListProvider initial={threads}>
      <div className="flex h-dvh flex-col md:flex-row">
        <details className="group border-b border-zinc-200 md:hidden dark:border-zinc-800">
          <summary className="flex cursor-pointer list-none items-center justify-between px-4 py-3" aria-label="Menu">
            <Logo />
            <span aria-hidden="true" className="text-sm text-zinc-500 group-open:hidden">Menu</span>
            <span aria-hidden="true" className="hidden text-sm text-zinc-500 group-open:inline">Close</span>
          </summary>
          <div className="flex max-h-[70dvh] flex-col">
            <Navigation {...navigation} />
          </div>
        </details>
        <aside className="hidden w-64 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 md:flex dark:border-zinc-800 dark:bg-zinc-900">
          <div className="px-4 py-4">
            <Logo />
          </div>
          <Navigation {...navigation} />
        </aside>
        <main className="flex min-h-0 min-w-0 flex-1 flex-col">{children}</main>
      </div>
    </ThreadListProvider>
  );
}
