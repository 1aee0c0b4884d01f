"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signUp } from "@/lib/accounts";
import { signIn, signOut } from "@/lib/signin";
import { SignInRefused } from "@/lib/signin/credentials";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { db } from "@/lib/db";
import { ConflictError, DomainError, ValidationError } from "@/lib/errors";
import { clientAddress } from "@/lib/ratelimit";
import { inviteTokenInPath } from "@/lib/invites";

export type AuthFormState = {
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: { name?: string; email?: string };
};

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function signInAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = field(formData, "email");
  try {
    await signIn("credentials", { email, password: field(formData, "password"), redirectTo: safeRedirectPath(formData.get("from")) });
    return {};
  } catch (error) {
    // A successful sign-in throws Next's redirect, which must propagate.
    if (error instanceof SignInRefused) return { error: error.reason.message, values: { email } };
    if (error instanceof AuthError) return { error: "Wrong email or password.", values: { email } };
    throw error;
  }
}

/**
 * Creates the account, then sends the person to sign in. An address that already has an account
 * gets exactly that answer too, so sign-up never tells a stranger who has an account here.
 */
export async function signUpAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const input = { name: field(formData, "name"), email: field(formData, "email"), password: field(formData, "password") };
  const values = { name: input.name, email: input.email };
  const from = safeRedirectPath(formData.get("from"));
  try {
    // Without a trusted proxy the client's address is unknown: the limit then counts all sign-ups.
    const rateLimitKey = clientAddress(await headers()) ?? "any address";
    await signUp(await db(), input, { inviteToken: inviteTokenInPath(from), rateLimitKey });
  } catch (error) {
    if (error instanceof ValidationError) return { error: error.message, fieldErrors: error.fieldErrors, values };
    if (error instanceof DomainError && !(error instanceof ConflictError)) return { error: error.message, values };
    if (!(error instanceof ConflictError)) throw error;
  }
  redirect(`/signin?signedUp=1${from === "/" ? "" : `&from=${encodeURIComponent(from)}`}`);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
