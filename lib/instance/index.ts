import "server-only";
import type { Env } from "../config";
import type { Prisma, PrismaClient, SignUpPolicy } from "../db/generated/client";

export type { SignUpPolicy };
export const SIGN_UP_POLICIES = ["open", "invite", "closed"] as const satisfies readonly SignUpPolicy[];

function isSignUpPolicy(value: unknown): value is SignUpPolicy {
  return SIGN_UP_POLICIES.includes(value as SignUpPolicy);
}

/** ROUNDTABLE_SIGNUP (open | invite | closed); open when unset. A value it cannot read closes sign-up. */
export function defaultSignUpPolicy(env: Env = process.env): SignUpPolicy {
  const raw = env.ROUNDTABLE_SIGNUP?.trim().toLowerCase();
  if (!raw) return "open";
  if (isSignUpPolicy(raw)) return raw;
  console.warn(`ROUNDTABLE_SIGNUP="${raw}" is not open, invite or closed; sign-up stays closed.`);
  return "closed";
}

export type SignUpPolicyState = { policy: SignUpPolicy; /** Whether an admin chose it (else it is the default). */ chosen: boolean };

/** Who may create an account here: the admin's choice, or ROUNDTABLE_SIGNUP's default. */
export async function readSignUpPolicy(prisma: PrismaClient | Prisma.TransactionClient, env: Env = process.env): Promise<SignUpPolicyState> {
  const settings = await prisma.instanceSettings.findUnique({ where: { id: 1 }, select: { signUpPolicy: true } });
  return settings?.signUpPolicy ? { policy: settings.signUpPolicy, chosen: true } : { policy: defaultSignUpPolicy(env), chosen: false };
}

/** Stores the policy; null goes back to the default. (Callers check that an admin asked.) */
export async function storeSignUpPolicy(prisma: PrismaClient, policy: SignUpPolicy | null): Promise<void> {
  await prisma.instanceSettings.upsert({ where: { id: 1 }, create: { id: 1, signUpPolicy: policy }, update: { signUpPolicy: policy } });
}

/**
 * Whether the account about to be created in this transaction is the instance's first (it becomes
 * the admin). Concurrent first sign-ups wait on a transaction lock, so exactly one of them is first.
 */
export async function isFirstAccount(tx: Prisma.TransactionClient): Promise<boolean> {
  if (await tx.user.findFirst({ select: { id: true } })) return false;
  // The number is arbitrary: it names the lock that orders the creation of the first accounts.
  await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(7240001)) AS locked`;
  return !(await tx.user.findFirst({ select: { id: true } }));
}
