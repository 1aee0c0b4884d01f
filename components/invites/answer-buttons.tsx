"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { acceptInviteAction, declineInviteAction } from "@/app/(app)/invite/actions";

/**
 * Accept (and open the thread) or decline an invite named by its token. A shareable link offers
 * only "Join"; `title` names the thread for screen readers where several invitations are listed.
 */
export function AnswerButtons({ token, personal, title, compact = false }: { token: string; personal: boolean; title?: string; compact?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<"accept" | "decline" | null>(null);
  const size = compact ? "px-2 py-0.5 text-xs" : "px-4 py-2 text-sm";
  const about = title ? ` invitation to ${title}` : "";

  async function accept() {
    setPending("accept");
    const result = await acceptInviteAction({ token });
    if (result.ok) return router.push(`/threads/${result.data}`);
    setPending(null);
    setError(result.error);
  }

  async function decline() {
    setPending("decline");
    const result = await declineInviteAction({ token });
    setPending(null);
    if (!result.ok) return setError(result.error);
    router.push("/");
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-1">
      <div className={`flex gap-2 ${compact ? "" : "justify-center"}`}>
        <button
          type="button"
          disabled={pending !== null}
          aria-label={title ? `Accept${about}` : undefined}
          className={`rounded-md bg-indigo-600 font-semibold text-white hover:bg-indigo-500 disabled:opacity-60 ${size}`}
          onClick={() => void accept()}
        >
          {pending === "accept" ? "Joining…" : personal ? "Accept" : "Join thread"}
        </button>
        {personal ? (
          <button
            type="button"
            disabled={pending !== null}
            aria-label={title ? `Decline${about}` : undefined}
            className={`rounded-md border border-zinc-300 hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800 ${size}`}
            onClick={() => void decline()}
          >
            {pending === "decline" ? "Declining…" : "Decline"}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
