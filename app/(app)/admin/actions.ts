"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { guardedAction } from "@/lib/access/guard";
import { setAccountDisabled, setSignUpPolicy } from "@/lib/accounts/admin";
import { SIGN_UP_POLICIES } from "@/lib/instance";

export const setSignUpPolicyAction = guardedAction(
  { permission: "admin.manage", input: z.object({ policy: z.enum(SIGN_UP_POLICIES) }) },
  async ({ policy }, { prisma }) => {
    await setSignUpPolicy(prisma, { policy });
    revalidatePath("/admin");
  },
);

export const setAccountDisabledAction = guardedAction(
  { permission: "admin.manage", input: z.object({ userId: z.string().min(1).max(100), disabled: z.boolean() }) },
  async ({ userId, disabled }, { user, prisma }) => {
    await setAccountDisabled(prisma, { adminId: user.id, userId, disabled });
    revalidatePath("/admin");
  },
);
