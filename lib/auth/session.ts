import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { findUser, type AccountUser } from "../accounts";
import { db } from "../db";
import { UnauthenticatedError } from "../errors";
import { auth } from ".";

/** The signed-in user, checked against the database once per request; null when signed out. */
export const currentUser = cache(async (): Promise<AccountUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? findUser(await db(), id) : null;
});

/** For pages: sends visitors who are not signed in to the sign-in page. */
export async function requireUser(from?: string): Promise<AccountUser> {
  const user = await currentUser();
  if (!user) redirect(from ? `/signin?from=${encodeURIComponent(from)}` : "/signin");
  return user;
}

/** For actions and route handlers: throws instead of redirecting. */
export async function requireUserOrThrow(): Promise<AccountUser> {
  const user = await currentUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}
