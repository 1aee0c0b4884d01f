"use server";

import { AuthError } from "next-auth";
import { signUp } from "@/lib/accounts";
import { signIn, signOut } from "@/lib/auth";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { db } from "@/lib/db";
import { DomainError, ValidationError } from "@/lib/errors";

export type AuthFormState = {
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: { name?: string; email?: string };
};

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

async function signInWithPassword(email: string, password: string, from: unknown): Promise<AuthFormState | never> {
  try {
    await signIn("credentials", { email, password, redirectTo: safeRedirectPath(from) });
    return {};
  } catch (error) {
    // A successful sign-in throws Next's redirect, which must propagate.
    if (error instanceof AuthError) return { error: "Wrong email or password.", values: { email } };
    throw error;
  }
}

export async function signInAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return signInWithPassword(field(formData, "email"), field(formData, "password"), formData.get("from"));
}

export async function signUpAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const input = { name: field(formData, "name"), email: field(formData, "email"), password: field(formData, "password") };
  const values = { name: input.name, email: input.email };
  try {
    await signUp(await db(), input);
  } catch (error) {
    if (error instanceof ValidationError) return { error: error.message, fieldErrors: error.fieldErrors, values };
    if (error instanceof DomainError) return { error: error.message, values };
    throw error;
  }
  return signInWithPassword(input.email, input.password, formData.get("from"));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
