"use server";

import { guardedAction } from "@/lib/access/guard";
import { changePasswordInput } from "@/lib/accounts/schema";
import { changePassword } from "@/lib/accounts/settings";

/** Keeps the session that asked; every other session of the person ends. */
export const changePasswordAction = guardedAction({ permission: "account.changePassword", input: changePasswordInput }, async (input, { user, prisma }) =>
  changePassword(prisma, { ...input, userId: user.id, keepSession: user.sessionToken }),
);
