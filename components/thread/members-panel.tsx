"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createInviteLinkAction, inviteByEmailAction, revokeInviteAction } from "@/app/(app)/invite/actions";
import { addAssistantAction, removeAssistantAction, removeMemberAction } from "@/app/(app)/threads/actions";
import type { ActionResult } from "@/lib/access/guard";
import type { InviteDTO, InviteOutcome } from "@/lib/invites/dto";
import type { ThreadDTO, ThreadRole } from "@/lib/threads/dto";
import { Avatar } from "../avatar";

/** What the inviter is told: never whether the address has an account. */
function inviteNotice(result: InviteOutcome): string {
  if (result.status === "already_member") return `${result.email} is already a member.`;
  if (result.delivery === "mail") return `Invitation mailed to ${result.email}. They join once they open its link and accept.`;
  const why = result.mailFailed ? "The invitation mail could not be sent" : "This server does not send mail";
  return `Invitation for ${result.email} created. ${why}: copy their personal link below and send it to them. It works once.`;
}

const smallButton = "rounded px-2 py-0.5 text-xs hover:bg-zinc-200 dark:hover:bg-zinc-800";
const heading = "mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500";

export function MembersPanel({
  thread,
  role,
  online,
  myId,
  invites,
  addableAssistants,
}: {
  thread: ThreadDTO;
  role: ThreadRole;
  online: string[];
  myId: string;
  invites: InviteDTO[];
  addableAssistants: { id: string; name: string; handle: string }[];
}) {
  const router = useRouter();
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [email, setEmail] = useState("");
  const [assistantId, setAssistantId] = useState("");

  async function act<T>(pending: Promise<ActionResult<T>>, success?: (data: T) => string | void) {
    const result = await pending;
    if (!result.ok) return setNotice({ kind: "error", text: result.error });
    const text = success?.(result.data);
    setNotice(text ? { kind: "info", text } : null);
    router.refresh();
  }

  function invite(event: FormEvent) {
    event.preventDefault();
    void act(inviteByEmailAction({ threadId: thread.id, email }), (result) => {
      setEmail("");
      return inviteNotice(result);
    });
  }

  const inviteUrl = (token: string) => `${window.location.origin}/invite/${token}`;

  return (
    <aside id="members-panel" aria-label="Members" className="w-full shrink-0 space-y-6 overflow-y-auto border-l border-zinc-200 p-4 md:w-80 dark:border-zinc-800">
      {notice ? (
        <p role={notice.kind === "error" ? "alert" : "status"} className={`text-sm ${notice.kind === "error" ? "text-red-700 dark:text-red-300" : "text-zinc-700 dark:text-zinc-300"}`}>
          {notice.text}
        </p>
      ) : null}
      <section>
        <h2 className={heading}>People</h2>
        <ul className="space-y-2">
          {thread.members.map((member) => {
            const isOnline = online.includes(member.id);
            return (
              <li key={member.id} className="flex items-center gap-2 text-sm">
                <span className="relative">
                  <Avatar name={member.name} image={member.image} size={28} />
                  <span
                    aria-hidden="true"
                    className={`absolute -bottom-0.5 -right-0.5 h-2.5 w-2.5 rounded-full ring-2 ring-white dark:ring-zinc-950 ${isOnline ? "bg-emerald-500" : "bg-zinc-300 dark:bg-zinc-600"}`}
                  />
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate">
                    {member.name}
                    {member.id === myId ? " (you)" : ""}
                  </span>
                  <span className="block text-xs text-zinc-500">
                    {member.role === "owner" ? "Owner" : "Member"} · {isOnline ? "online" : "offline"}
                  </span>
                </span>
                {role === "owner" && member.id !== myId ? (
                  <button
                    type="button"
                    className={smallButton}
                    aria-label={`Remove ${member.name}`}
                    onClick={() => window.confirm(`Remove ${member.name} from the thread?`) && void act(removeMemberAction({ threadId: thread.id, memberId: member.id }))}
                  >
                    Remove
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section>
        <h2 className={heading}>Invite</h2>
        <form onSubmit={invite} className="flex gap-2">
          <label htmlFor="invite-email" className="sr-only">
            Email address to invite
          </label>
          <input
            id="invite-email"
            type="email"
            required
            placeholder="name@example.com"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-semibold text-white hover:bg-indigo-500">
            Invite
          </button>
        </form>
        <div className="mt-3 space-y-2">
          {invites.map((invite) => (
            <div key={invite.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
              {invite.email ? <span className={invite.token ? "basis-full truncate" : "min-w-0 flex-1 truncate"}>{invite.mailed ? `Mailed to ${invite.email}` : `For ${invite.email}`}</span> : null}
              {invite.token ? (
                <input readOnly aria-label={invite.email ? `Personal invite link for ${invite.email}` : "Invite link"} value={inviteUrl(invite.token)} onFocus={(event) => event.currentTarget.select()} className="min-w-0 flex-1 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" />
              ) : null}
              {invite.token ? (
                <button
                  type="button"
                  className={smallButton}
                  aria-label={invite.email ? `Copy personal invite link for ${invite.email}` : "Copy invite link"}
                  onClick={() => void navigator.clipboard?.writeText(inviteUrl(invite.token!)).then(() => setNotice({ kind: "info", text: "Invite link copied." }))}
                >
                  Copy
                </button>
              ) : null}
              {role === "owner" ? (
                <button type="button" className={smallButton} aria-label={invite.token ? "Revoke invite link" : `Revoke invite for ${invite.email}`} onClick={() => void act(revokeInviteAction({ threadId: thread.id, inviteId: invite.id }), () => "Invite revoked.")}>
                  Revoke
                </button>
              ) : null}
            </div>
          ))}
          <button type="button" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400" onClick={() => void act(createInviteLinkAction({ threadId: thread.id }), () => "Invite link created. Anyone with it can join.")}>
            Create invite link
          </button>
        </div>
      </section>

      <section>
        <h2 className={heading}>Assistants</h2>
        {thread.assistants.length === 0 ? <p className="text-sm text-zinc-500">No assistants yet. Add one to mention it with @.</p> : null}
        <ul className="space-y-2">
          {thread.assistants.map((assistant) => (
            <li key={assistant.id} className="flex items-center gap-2 text-sm">
              <Avatar name={assistant.name} image={assistant.image} color={assistant.color} size={28} />
              <span className="min-w-0 flex-1">
                <Link href={`/assistants/${assistant.id}`} className="block truncate hover:underline">
                  {assistant.name}
                </Link>
                <span className="block text-xs text-zinc-500">@{assistant.handle}</span>
              </span>
              <button type="button" className={smallButton} aria-label={`Remove ${assistant.name} from the thread`} onClick={() => void act(removeAssistantAction({ threadId: thread.id, assistantId: assistant.id }))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {addableAssistants.length > 0 ? (
          <form
            className="mt-3 flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (assistantId) void act(addAssistantAction({ threadId: thread.id, assistantId }), () => setAssistantId(""));
            }}
          >
            <label htmlFor="add-assistant" className="sr-only">
              Assistant to add
            </label>
            <select id="add-assistant" value={assistantId} onChange={(event) => setAssistantId(event.target.value)} className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900">
              <option value="">Choose an assistant…</option>
              {addableAssistants.map((assistant) => (
                <option key={assistant.id} value={assistant.id}>
                  {assistant.name} (@{assistant.handle})
                </option>
              ))}
            </select>
            <button type="submit" disabled={!assistantId} className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50">
              Add
            </button>
          </form>
        ) : null}
      </section>
    </aside>
  );
}
