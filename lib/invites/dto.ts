// Types only: shared by the server and the browser.

/**
 * A thread's open invite, as its members see it. `token` is the link to pass on: a shareable
 * link's, or a personal invite's while it has not been mailed (a mailed link stays the invitee's).
 */
export type InviteDTO = { id: string; email: string | null; token: string | null; mailed: boolean; createdAt: string };

/** What the inviter is told: the same whether or not the address has an account. */
export type InviteOutcome =
  | { status: "already_member"; email: string }
  | { status: "invited"; email: string; delivery: "mail" }
  | { status: "invited"; email: string; delivery: "link"; token: string; mailFailed: boolean };

/** An invitation waiting for the signed-in person's answer (their own, verified address was invited). */
export type InvitationDTO = { id: string; token: string; threadTitle: string; invitedBy: string | null; createdAt: string };
