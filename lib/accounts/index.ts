import "server-only";
import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { isUniqueViolation } from "../db/errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { joinDemoThread } from "../demo";
import { ConflictError, ValidationError } from "../errors";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { signInInput, signUpInput, type SignInInput, type SignUpInput } from "./schema";

export type AccountUser = { id: string; name: string; email: string; image: string | null };

const publicFields = { id: true, name: true, email: true, image: true } as const;

function invalid(error: z.ZodError): ValidationError {
  return new ValidationError("Please correct the highlighted fields.", z.flattenError(error).fieldErrors);
}

/**
 * What every new account gets, however it signed up: the demo thread if installed. Invitations to
 * its address are not joined: nobody has shown yet that the address is theirs.
 */
export async function welcomeNewUser(tx: Tx, record: RecordEvent, user: { id: string }): Promise<void> {
  await joinDemoThread(tx, record, user.id);
}

/** Creates an account with an email and password. */
export async function signUp(prisma: PrismaClient, input: SignUpInput): Promise<AccountUser> {
  const parsed = signUpInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { name, email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  try {
    return await withThreadEvents(prisma, async (tx, record) => {
      const user = await tx.user.create({ data: { name, email, passwordHash }, select: publicFields });
      await welcomeNewUser(tx, record, user);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError("An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

/** The user whose email and password these are, or null (never says which one was wrong). */
export async function verifyCredentials(prisma: PrismaClient, input: SignInInput): Promise<AccountUser | null> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return null;
  const user = await prisma.user.findUnique({
    where: { email: parsed.data.email },
    select: { ...publicFields, passwordHash: true },
  });
  if (!user?.passwordHash) return null;
  if (!(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
  const { passwordHash: _, ...account } = user;
  return account;
}

export async function findUser(prisma: PrismaClient, id: string): Promise<AccountUser | null> {
  return prisma.user.findUnique({ where: { id }, select: publicFields });
}
