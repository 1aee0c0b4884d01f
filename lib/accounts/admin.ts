import "server-only";
import type { PrismaClient } from "../db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { readSignUpPolicy, SIGN_UP_POLICIES, storeSignUpPolicy, type SignUpPolicy, type SignUpPolicyState } from "../instance";
import { endSessions } from "../sessions";

/** How many accounts the admin page lists at once (it searches the rest). */
export const ACCOUNTS_PAGE_SIZE = 100;

export type AdminAccount = { id: string; name: string; email: string; isAdmin: boolean; disabledAt: string | null; createdAt: string };

// Who may call these (the instance's admins: "admin.manage") is decided by the permission layer.

/** The sign-up policy and the accounts (the first page of them, or those matching the search). */
export async function adminOverview(prisma: PrismaClient, { search }: { search?: string }): Promise<{ signUp: SignUpPolicyState; accounts: AdminAccount[]; total: number }> {
  const query = search?.trim().slice(0, 200);
  const where = query ? { OR: [{ email: { contains: query, mode: "insensitive" as const } }, { name: { contains: query, mode: "insensitive" as const } }] } : {};
  const [signUp, accounts, total] = await Promise.all([
    readSignUpPolicy(prisma),
    prisma.user.findMany({
      where,
      orderBy: { createdAt: "asc" },
      take: ACCOUNTS_PAGE_SIZE,
      select: { id: true, name: true, email: true, isAdmin: true, disabledAt: true, createdAt: true },
    }),
    prisma.user.count({ where }),
  ]);
  return {
    signUp,
    accounts: accounts.map((account) => ({ ...account, disabledAt: account.disabledAt?.toISOString() ?? null, createdAt: account.createdAt.toISOString() })),
    total,
  };
}

export async function setSignUpPolicy(prisma: PrismaClient, { policy }: { policy: unknown }): Promise<void> {
  if (!SIGN_UP_POLICIES.includes(policy as SignUpPolicy)) throw new ValidationError("Choose open, invite-only or closed.");
  await storeSignUpPolicy(prisma, policy as SignUpPolicy);
}

/** Disabling an account ends its sessions at once; it can sign in again only once enabled. */
export async function setAccountDisabled(prisma: PrismaClient, { adminId, userId, disabled }: { adminId: string; userId: string; disabled: boolean }): Promise<void> {
  if (userId === adminId) throw new ConflictError("You cannot disable your own account.");
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    if (count === 0) throw new NotFoundError("That account does not exist.");
    if (disabled) await endSessions(tx, { userId });
  });
}
