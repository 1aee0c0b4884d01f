import "server-only";
import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authSecret } from "../config";
import { db } from "../db";
import { openSessionUser } from "../sessions";

export type SessionUser = { id: string; name: string; email: string; image: string | null; isAdmin: boolean; sessionToken: string };

const SECURE_COOKIE = "__Secure-authjs.session-token";

/**
 * The person a request's cookies belong to: the session JWT must verify and still name an open
 * session on the server. Takes the raw Cookie header, so route handlers, server actions, pages
 * and tests all read sessions the same way.
 */
export async function userFromCookies(cookieHeader: string | null): Promise<SessionUser | null> {
  if (!cookieHeader) return null;
  const token = await getToken({
    req: { headers: new Headers({ cookie: cookieHeader }) },
    secret: authSecret(),
    secureCookie: cookieHeader.includes(SECURE_COOKIE),
  }).catch(() => null);
  const sessionToken = typeof token?.sid === "string" ? token.sid : null;
  if (!sessionToken || !token?.sub) return null;
  const user = await openSessionUser(await db(), sessionToken, token.sub);
  return user && { ...user, sessionToken };
}

/** The signed-in user of the current request (pages and server actions); null when signed out. */
export const currentUser = cache(async (): Promise<SessionUser | null> => userFromCookies((await headers()).get("cookie")));

/** For pages: sends visitors who are not signed in to the sign-in page. */
export async function requireUser(from?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(from ? `/signin?from=${encodeURIComponent(from)}` : "/signin");
  return user;
}
