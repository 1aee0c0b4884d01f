"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormState } from "@/app/(auth)/actions";

type Field = { name: "name" | "email" | "password"; label: string; type: string; autoComplete: string };

const FIELDS: Record<"signin" | "signup", Field[]> = {
  signin: [
    { name: "email", label: "Email", type: "email", autoComplete: "email" },
    { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
  ],
  signup: [
    { name: "name", label: "Name", type: "text", autoComplete: "name" },
    { name: "email", label: "Email", type: "email", autoComplete: "email" },
    { name: "password", label: "Password", type: "password", autoComplete: "new-password" },
  ],
};

export function AuthForm({
  mode,
  action,
  from,
}: {
  mode: "signin" | "signup";
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  from?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const submit = mode === "signin" ? "Sign in" : "Create account";
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {from ? <input type="hidden" name="from" value={from} /> : null}
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {state.error}
        </p>
      ) : null}
      {FIELDS[mode].map((field) => {
        const errors = state.fieldErrors?.[field.name];
        const errorId = `${field.name}-error`;
        return (
          <div key={field.name} className="space-y-1">
            <label htmlFor={field.name} className="block text-sm font-medium">
              {field.label}
            </label>
            <input
              id={field.name}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              required
              defaultValue={field.type === "password" ? undefined : state.values?.[field.name as "name" | "email"]}
              aria-invalid={errors ? true : undefined}
              aria-describedby={errors ? errorId : undefined}
              className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
            {errors ? (
              <p id={errorId} className="text-sm text-red-700 dark:text-red-300">
                {errors.join(" ")}
              </p>
            ) : null}
          </div>
        );
      })}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? "Please wait…" : submit}
      </button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {mode === "signin" ? (
          <>
            New here?{" "}
            <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={from ? `/signup?from=${encodeURIComponent(from)}` : "/signup"}>
              Create an account
            </Link>
          </>
        ) : (
          <>
            Already have an account?{" "}
            <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={from ? `/signin?from=${encodeURIComponent(from)}` : "/signin"}>
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
