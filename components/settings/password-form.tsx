"use client";

import { useId, useRef, useState, useTransition } from "react";
import { changePasswordAction } from "@/app/(app)/settings/actions";

type Notice = { kind: "error" | "done"; text: string; fieldErrors?: Record<string, string[] | undefined> };

const control = "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Changing (or, for GitHub and Google accounts, setting) the password signs out every other session. */
export function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, startTransition] = useTransition();
  const fields = [
    ...(hasPassword ? [{ name: "currentPassword", label: "Current password", autoComplete: "current-password" }] : []),
    { name: "newPassword", label: "New password", autoComplete: "new-password" },
  ];

  function submit(formData: FormData) {
    const value = (name: string) => String(formData.get(name) ?? "");
    setNotice(null);
    startTransition(async () => {
      const result = await changePasswordAction({ currentPassword: value("currentPassword"), newPassword: value("newPassword") });
      if (!result.ok) return setNotice({ kind: "error", text: result.error, fieldErrors: result.fieldErrors });
      formRef.current?.reset();
      setNotice({ kind: "done", text: "Password changed. Your other sessions were signed out." });
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4">
      <div>
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          {hasPassword ? "Change password" : "Set a password"}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Everywhere else you are signed in will be signed out.</p>
      </div>
      <form ref={formRef} action={submit} className="space-y-4" noValidate>
        {notice ? (
          <p
            role={notice.kind === "error" ? "alert" : "status"}
            className={`rounded-md border px-3 py-2 text-sm ${notice.kind === "error" ? "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200" : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"}`}
          >
            {notice.text}
          </p>
        ) : null}
        {fields.map((field) => {
          const errors = notice?.fieldErrors?.[field.name];
          return (
            <div key={field.name} className="space-y-1">
              <label htmlFor={`${id}-${field.name}`} className="block text-sm font-medium">
                {field.label}
              </label>
              <input
                id={`${id}-${field.name}`}
                name={field.name}
                type="password"
                autoComplete={field.autoComplete}
                required
                aria-invalid={errors ? true : undefined}
                aria-describedby={errors ? `${id}-${field.name}-error` : undefined}
                className={control}
              />
              {errors ? (
                <p id={`${id}-${field.name}-error`} className="text-sm text-red-700 dark:text-red-300">
                  {errors.join(" ")}
                </p>
              ) : null}
            </div>
          );
        })}
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Saving…" : hasPassword ? "Change password" : "Set password"}
        </button>
      </form>
    </section>
  );
}
