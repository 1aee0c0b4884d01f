import "server-only";
import { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
import { isUniqueViolation } from "../db/errors";
import { joinDemoThread } from "../demo";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { withThreadEvents, type RecordEvent, type Tx } from "../events/record";
import { isFirstAccount, readSignUpPolicy, type SignUpPolicy } from "../instance";
import { hasUsableInvite } from "../invites";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../passwords";
import { enforce, limitFailures } from "../ratelimit";
import { signInInput, signUpInput, type SignInInput, type SignUpInput } from "./schema";

export type AccountUser = { id: string; name: string; email: string; image: string | null };

const publicFields = { id: true, name: true, email: true, image: true } as const;

export const SIGN_UP_CLOSED = "Sign-up is closed on this Roundtable. Ask its administrator for an account.";
export const SIGN_UP_INVITE_ONLY =
  "This Roundtable is invite-only. Open the invite link you were sent, or sign up with the email address you were invited at.";

/** The right password of an account an admin disabled (told only to someone who knows the password). */
export class AccountDisabledError extends ForbiddenError {
  constructor() {
    super("This account is disabled. Ask the administrator of this Roundtable.");
  }
}

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

/**
 * The sign-up policy in force. Sign-up is open while the instance has no account: its first
 * account becomes the admin, who chooses the policy.
 */
export async function signUpPolicyInForce(prisma: PrismaClient): Promise<SignUpPolicy> {
  if (!(await prisma.user.findFirst({ select: { id: true } }))) return "open";
  return (await readSignUpPolicy(prisma)).policy;
}

/** Why the sign-up policy keeps this address out, or null. */
async function signUpRefusal(prisma: PrismaClient, { email, inviteToken }: { email: string; inviteToken?: string | null }) {
  const policy = await signUpPolicyInForce(prisma);
  if (policy === "open") return null;
  if (policy === "invite" && (await hasUsableInvite(prisma, { email, token: inviteToken }))) return null;
  return policy === "closed" ? ("sign_up_closed" as const) : ("invite_only" as const);
}

const REFUSAL_MESSAGES = { sign_up_closed: SIGN_UP_CLOSED, invite_only: SIGN_UP_INVITE_ONLY } as const;

/** What the sign-in page says when a GitHub or Google sign-in was refused (see linkedSignInRefusal). */
export function signInRefusalMessage(code: unknown): string | null {
  if (code === "account_disabled") return new AccountDisabledError().message;
  return code === "sign_up_closed" || code === "invite_only" ? REFUSAL_MESSAGES[code] : null;
}

export type SignUpOptions = {
  /** From an invite link: lets the person in on an invite-only instance. */
  inviteToken?: string | null;
  /** What the sign-up limit counts under (the client's address); none for scripts and tests. */
  rateLimitKey?: string;
};

/**
 * Creates an account with an email and password, if the sign-up policy lets this address in. The
 * instance's first account becomes its admin. Only sign-ups that get as far as creating an account
 * count against the limit (not a form with a typo).
 */
export async function signUp(prisma: PrismaClient, input: SignUpInput, { inviteToken, rateLimitKey }: SignUpOptions = {}): Promise<AccountUser> {
  const parsed = signUpInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { name, email, password } = parsed.data;
  const refusal = await signUpRefusal(prisma, { email, inviteToken });
  if (refusal) throw new ForbiddenError(REFUSAL_MESSAGES[refusal]);
  if (rateLimitKey !== undefined) await enforce("signUp", rateLimitKey);
  const passwordHash = await hashPassword(password);
  try {
    return await withThreadEvents(prisma, async (tx, record) => {
      const isAdmin = await isFirstAccount(tx);
      const user = await tx.user.create({ data: { name, email, passwordHash, isAdmin }, select: publicFields });
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

/** An account made by a GitHub or Google sign-in (through Auth.js's adapter). */
export async function createLinkedUser(
  prisma: PrismaClient,
  profile: { name?: string | null; email: string; image?: string | null; emailVerified?: Date | null },
) {
  return withThreadEvents(prisma, async (tx, record) => {
    const isAdmin = await isFirstAccount(tx);
    const user = await tx.user.create({
      // OAuth profiles may have no name; every Roundtable user shows one.
      data: { name: profile.name || profile.email.split("@")[0]!, email: profile.email, image: profile.image ?? null, emailVerified: profile.emailVerified ?? null, isAdmin },
      select: { ...publicFields, emailVerified: true },
    });
    await welcomeNewUser(tx, record, user);
    return user;
  });
}

/**
 * Why a GitHub or Google sign-in may not go on, or null: the account is disabled, or it would
 * create an account that the sign-up policy keeps out.
 */
export async function linkedSignInRefusal(
  prisma: PrismaClient,
  { provider, providerAccountId, email }: { provider: string; providerAccountId: string; email: string | null | undefined },
): Promise<"account_disabled" | "sign_up_closed" | "invite_only" | null> {
  const linked = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { user: { select: { disabledAt: true } } },
  });
  const user = linked?.user ?? (email ? await prisma.user.findUnique({ where: { email: email.toLowerCase() }, select: { disabledAt: true } }) : null);
  if (user) return user.disabledAt ? "account_disabled" : null;
  return signUpRefusal(prisma, { email: (email ?? "").toLowerCase() });
}

/**
 * The user whose email and password these are, or null (never says which one was wrong). A
 * missing account costs the same password check as a wrong password, so timing tells nothing.
 */
export async function verifyCredentials(prisma: PrismaClient, input: SignInInput): Promise<AccountUser | null> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return null;
  const user = await prisma.user.findUnique({
    where: { email: parsed.data.email },
    select: { ...publicFields, passwordHash: true, disabledAt: true },
  });
  const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.data.password);
  if (!user?.passwordHash || !matches) return null;
  if (user.disabledAt) throw new AccountDisabledError();
  const { passwordHash: _, disabledAt: __, ...account } = user;
  return account;
}

/**
 * Signing in with a password, under the sign-in limits: wrong passwords count per email (whether
 * or not it has an account) and per client address (when known); past either limit, every
 * attempt is refused with TooManyRequestsError until its window passes.
 */
export function authenticate(prisma: PrismaClient, { email, password, address }: SignInInput & { address: string | null }): Promise<AccountUser | null> {
  return limitFailures(
    [
      ["signInAccount", email.trim().toLowerCase()],
      ["signInAddress", address],
    ],
    () => verifyCredentials(prisma, { email, password }),
  );
}

export async function findUser(prisma: PrismaClient, id: string): Promise<AccountUser | null> {
  return prisma.user.findUnique({ where: { id }, select: publicFields });
}
