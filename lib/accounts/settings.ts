import "server-only";
import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { NotFoundError, ValidationError } from "../errors";
import { hashPassword, verifyPassword } from "../passwords";
import { limitFailures } from "../ratelimit";
import { endSessions } from "../sessions";
import { changePasswordInput, type ChangePasswordInput } from "./schema";

export type AccountSettings = { name: string; email: string; hasPassword: boolean };

export async function accountSettings(prisma: PrismaClient, userId: string): Promise<AccountSettings> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { name: true, email: true, passwordHash: true } });
  if (!user) throw new NotFoundError();
  return { name: user.name, email: user.email, hasPassword: Boolean(user.passwordHash) };
}

/**
 * Sets a new password, after checking the current one (guesses count against the same limit as
 * sign-in's), and ends every other session of the person: whoever else held one must sign in again.
 */
export async function changePassword(
  prisma: PrismaClient,
  { userId, keepSession, ...input }: ChangePasswordInput & { userId: string; keepSession: string },
): Promise<void> {
  const parsed = changePasswordInput.safeParse(input);
  if (!parsed.success) throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { currentPassword, newPassword } = parsed.data;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new NotFoundError();
  const { passwordHash } = user;
  if (passwordHash) {
    const matches = await limitFailures([["signInAccount", user.email]], () => verifyPassword(passwordHash, currentPassword));
    if (!matches) throw new ValidationError("Your current password is not right.", { currentPassword: ["This is not your current password."] });
  }
  const newHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash: newHash } });
    await endSessions(tx, { userId, keep: keepSession });
  });
}
