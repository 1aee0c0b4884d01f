import "server-only";
import type { MailMessage } from "../mail";

/** The invitation mail: plain text, so nothing a member typed (a title, a name) can turn into markup. */
export function invitationMail({ to, link, inviter, title, expiresAt }: { to: string; link: string; inviter: string | null; title: string; expiresAt: Date | null }): MailMessage {
  const who = inviter ?? "Someone";
  return {
    to,
    subject: `${who} invited you to “${title}” on Roundtable`,
    text: [
      `${who} invited you to the thread “${title}” on Roundtable, where people and AI assistants talk together.`,
      "",
      "Open this link to accept or decline (sign in or create an account first if you need to):",
      link,
      "",
      `The link is personal: it works once${expiresAt ? `, until ${expiresAt.toUTCString()}` : ""}.`,
      "If you did not expect this mail, you can ignore it.",
    ].join("\n"),
  };
}
