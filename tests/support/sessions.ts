import { encode } from "next-auth/jwt";
import { openSession } from "../../lib/sessions";
import type { Database } from "../../lib/db/open";
import type { PrismaClient } from "../../lib/db/generated/client";

export const TEST_AUTH_SECRET = "test-secret-for-roundtable-sessions-0123456789";
const COOKIE = "authjs.session-token";

/**
 * Makes `database` the app's database for code that opens it itself (the permission layer, pages),
 * through the same cache the app uses, and fixes the secret that signs session cookies.
 */
export function useAsAppDatabase(database: Database): void {
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  (globalThis as typeof globalThis & { __roundtableDatabase?: Promise<Database> }).__roundtableDatabase = Promise.resolve(database);
}

/** A real signed-in session for the person: a Session row and the cookie Auth.js would set for it. */
export async function sessionCookie(prisma: PrismaClient, userId: string): Promise<string> {
  const sid = await openSession(prisma, userId);
  const token = await encode({ token: { sub: userId, sid }, secret: TEST_AUTH_SECRET, salt: COOKIE });
  return `${COOKIE}=${token}`;
}
