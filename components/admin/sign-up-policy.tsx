"use client";

import { useId, useState, useTransition } from "react";
import { setSignUpPolicyAction } from "@/app/(app)/admin/actions";
import type { SignUpPolicy } from "@/lib/instance";

const OPTIONS: { value: SignUpPolicy; label: string; hint: string }[] = [
  { value: "open", label: "Open", hint: "Anyone who reaches this Roundtable can create an account." },
  { value: "invite", label: "Invite-only", hint: "Only people with a pending invite or an invite link can create an account." },
  { value: "closed", label: "Closed", hint: "Nobody can create an account; existing accounts keep signing in." },
];

export function SignUpPolicyForm({ policy, chosen }: { policy: SignUpPolicy; chosen: boolean }) {
  const id = useId();
  const [value, setValue] = useState(policy);
  const [notice, setNotice] = useState<{ kind: "error" | "done"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function save() {
    // A notice from an earlier save must not pass for this one's.
    setNotice(null);
    startTransition(async () => {
      const result = await setSignUpPolicyAction({ policy: value });
      setNotice(result.ok ? { kind: "done", text: "Sign-up policy saved." } : { kind: "error", text: result.error });
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-base font-semibold">
        Sign-up
      </h2>
      {!chosen ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Not chosen yet: this is the default (ROUNDTABLE_SIGNUP).</p> : null}
      <fieldset className="space-y-2">
        <legend className="sr-only">Who may create an account</legend>
        {OPTIONS.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-sm">
            <input type="radio" name={`${id}-policy`} value={option.value} checked={value === option.value} onChange={() => setValue(option.value)} className="mt-1" />
            <span>
              <span className="font-medium">{option.label}</span>
              <span className="block text-zinc-600 dark:text-zinc-400">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="button" onClick={save} disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Saving…" : "Save sign-up policy"}
        </button>
        {notice ? (
          <p role={notice.kind === "error" ? "alert" : "status"} className={`text-sm ${notice.kind === "error" ? "text-red-700 dark:text-red-300" : "text-zinc-700 dark:text-zinc-300"}`}>
            {notice.text}
          </p>
        ) : null}
      </div>
    </section>
  );
}
