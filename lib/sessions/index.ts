import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../db/generated/client";

/** How long a session lasts without being used again (Auth.js's default JWT lifetime). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Session cookies are signed JWTs, which a server cannot take back. Each one therefore names a row
 * in Session; a cookie whose row is gone (signed out, password changed, account disabled) is refused.
 */
export async function openSession(prisma: PrismaClient, userId: string): Promise<string> {
  const sessionToken = randomBytes(24).toString("base64url");
  await prisma.session.create({ data: { sessionToken, userId, expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) } });
  return sessionToken;
}

export async function closeSession(prisma: PrismaClient, sessionToken: string): Promise<void> {
  await prisma.session.deleteMany({ where: { sessionToken } });
}

/** Ends every session of the person, except `keep` (the one that asked, when changing a password). */
export async function endSessions(prisma: PrismaClient | Prisma.TransactionClient, { userId, keep }: { userId: string; keep?: string }): Promise<void> {
  await prisma.session.deleteMany({ where: { userId, ...(keep ? { sessionToken: { not: keep } } : {}) } });
}

/** The person behind an open session, or null (also when their account is disabled). */
export async function openSessionUser(prisma: PrismaClient, sessionToken: string, userId: string) {
  const session = await prisma.session.findUnique({
    where: { sessionToken },
    select: { userId: true, expires: true, user: { select: { id: true, name: true, email: true, image: true, isAdmin: true, disabledAt: true } } },
  });
  if (!session || session.userId !== userId || session.expires <= new Date() || session.user.disabledAt) return null;
  const { disabledAt: _, ...user } = session.user;
  return user;
}
