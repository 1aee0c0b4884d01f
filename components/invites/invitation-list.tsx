import type { InvitationDTO } from "@/lib/invites/dto";
import { AnswerButtons } from "./answer-buttons";

/** The signed-in person's invitations, answered here: nobody joins a thread without saying yes. */
export function InvitationList({ invitations }: { invitations: InvitationDTO[] }) {
  if (invitations.length === 0) return null;
  return (
    // Named by label, not by id: the sidebar is rendered twice (phone drawer and desktop).
    <section aria-label="Invitations" className="px-2 pt-2">
      <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
        Invitations ({invitations.length})
      </h2>
      <ul className="space-y-2 px-3">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="space-y-1 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
            <p className="truncate font-medium">{invitation.threadTitle}</p>
            <p className="truncate text-xs text-zinc-500">{invitation.invitedBy ? `From ${invitation.invitedBy}` : "You are invited"}</p>
            <AnswerButtons token={invitation.token} personal title={invitation.threadTitle} compact />
          </li>
        ))}
      </ul>
    </section>
  );
}
