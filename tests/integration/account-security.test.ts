import { beforeAll, expect, it } from "vitest";
import { AccountDisabledError, authenticate, linkedSignInRefusal, SIGN_UP_CLOSED, SIGN_UP_INVITE_ONLY, signUp, verifyCredentials } from "../../lib/accounts";
import { setAccountDisabled, setSignUpPolicy } from "../../lib/accounts/admin";
import { changePassword } from "../../lib/accounts/settings";
import { userFromCookies } from "../../lib/auth/session";
import type { PrismaClient } from "../../lib/db/generated/client";
import { ConflictError, ForbiddenError, TooManyRequestsError, ValidationError } from "../../lib/errors";
import { readSignUpPolicy } from "../../lib/instance";
import { closeSession } from "../../lib/sessions";
import { createInviteLink, inviteByEmail } from "../../lib/invites";
import { createThread } from "../../lib/threads";
import { describeEachDatabase } from "../support/databases";
import { person } from "../support/fixtures";
import { sessionCookie, useAsAppDatabase } from "../support/sessions";

/** A real session of the person: its cookie, and the session it names. */
async function signedIn(prisma: PrismaClient, userId: string) {
  const cookie = await sessionCookie(prisma, userId);
  const user = await userFromCookies(cookie);
  return { cookie, sid: user!.sessionToken };
}

describeEachDatabase("accounts, sessions and sign-up policy", (database) => {
  // userFromCookies reads the app's database: this suite's.
  beforeAll(() => useAsAppDatabase(database()));

  it("makes the first account the admin, exactly once when several sign up at once", async () => {
    const { prisma } = database();
    const people = await Promise.all(
      ["First", "Second", "Third"].map((name) => signUp(prisma, { name, email: `${name.toLowerCase()}@first.example`, password: "password-123" })),
    );
    const admins = await prisma.user.findMany({ where: { isAdmin: true }, select: { id: true } });
    expect(admins).toHaveLength(1);
    expect(people.map((user) => user.id)).toContain(admins[0]!.id);
    expect((await person(prisma, "Later")).id).not.toBe(admins[0]!.id);
  });

  it("refuses a session cookie once its session is closed (signed out)", async () => {
    const { prisma } = database();
    const user = await person(prisma, "Leaver");
    const { sid, cookie } = await signedIn(prisma, user.id);
    await expect(userFromCookies(cookie)).resolves.toMatchObject({ id: user.id, sessionToken: sid });
    await closeSession(prisma, sid);
    await expect(userFromCookies(cookie)).resolves.toBeNull();
  });

  it("changes a password after checking the current one, and ends every other session", async () => {
    const { prisma } = database();
    const user = await person(prisma, "Changer");
    const here = await signedIn(prisma, user.id);
    const elsewhere = await signedIn(prisma, user.id);
    const error = await changePassword(prisma, { userId: user.id, keepSession: here.sid, currentPassword: "not-mine", newPassword: "brand-new-pass" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ currentPassword: ["This is not your current password."] });
    await expect(userFromCookies(elsewhere.cookie)).resolves.not.toBeNull();

    await changePassword(prisma, { userId: user.id, keepSession: here.sid, currentPassword: "password-123", newPassword: "brand-new-pass" });
    await expect(userFromCookies(here.cookie)).resolves.toMatchObject({ id: user.id });
    await expect(userFromCookies(elsewhere.cookie)).resolves.toBeNull();
    await expect(verifyCredentials(prisma, { email: user.email, password: "password-123" })).resolves.toBeNull();
    await expect(verifyCredentials(prisma, { email: user.email, password: "brand-new-pass" })).resolves.toMatchObject({ id: user.id });
  });

  it("disables an account: its sessions are refused at once and it cannot sign in until enabled", async () => {
    const { prisma } = database();
    const admin = await person(prisma, "Admin");
    const user = await person(prisma, "Troll");
    const { cookie } = await signedIn(prisma, user.id);

    await setAccountDisabled(prisma, { adminId: admin.id, userId: user.id, disabled: true });
    await expect(userFromCookies(cookie)).resolves.toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    // The right password is told the account is disabled; a wrong one learns nothing.
    await expect(verifyCredentials(prisma, { email: user.email, password: "password-123" })).rejects.toBeInstanceOf(AccountDisabledError);
    await expect(verifyCredentials(prisma, { email: user.email, password: "wrong-password" })).resolves.toBeNull();
    // A session opened anyway (say, by a sign-in already under way) is refused too.
    await expect(userFromCookies(await sessionCookie(prisma, user.id))).resolves.toBeNull();
    await expect(linkedSignInRefusal(prisma, { provider: "github", providerAccountId: "1", email: user.email })).resolves.toBe("account_disabled");

    await setAccountDisabled(prisma, { adminId: admin.id, userId: user.id, disabled: false });
    await expect(verifyCredentials(prisma, { email: user.email, password: "password-123" })).resolves.toMatchObject({ id: user.id });
    await expect(setAccountDisabled(prisma, { adminId: admin.id, userId: admin.id, disabled: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it("follows the sign-up policy: ROUNDTABLE_SIGNUP by default, then the admin's choice", async () => {
    const { prisma } = database();
    const owner = await person(prisma, "Owner");
    const newcomer = (name: string, inviteToken?: string) => signUp(prisma, { name, email: `${name}@policy.example`, password: "password-123" }, { inviteToken });

    await expect(readSignUpPolicy(prisma, { ROUNDTABLE_SIGNUP: "invite" })).resolves.toEqual({ policy: "invite", chosen: false });
    process.env.ROUNDTABLE_SIGNUP = "closed";
    try {
      await expect(newcomer("by-default")).rejects.toThrow(SIGN_UP_CLOSED);
    } finally {
      delete process.env.ROUNDTABLE_SIGNUP;
    }

    await setSignUpPolicy(prisma, { policy: "closed" });
    const closed = await newcomer("closed").catch((error: unknown) => error);
    expect(closed).toBeInstanceOf(ForbiddenError);
    expect((closed as ForbiddenError).message).toBe(SIGN_UP_CLOSED);
    await expect(linkedSignInRefusal(prisma, { provider: "github", providerAccountId: "new", email: "octo@policy.example" })).resolves.toBe("sign_up_closed");
    await expect(readSignUpPolicy(prisma, { ROUNDTABLE_SIGNUP: "open" })).resolves.toEqual({ policy: "closed", chosen: true });

    await setSignUpPolicy(prisma, { policy: "invite" });
    await expect(newcomer("uninvited")).rejects.toThrow(SIGN_UP_INVITE_ONLY);
    const thread = await createThread(prisma, { userId: owner.id, title: "Invites" });
    await inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: "invited@policy.example", appUrl: async () => "http://localhost" }, null);
    await expect(newcomer("invited")).resolves.toMatchObject({ email: "invited@policy.example" });
    const link = await createInviteLink(prisma, { userId: owner.id, threadId: thread.id });
    await expect(newcomer("linked", link.token!)).resolves.toMatchObject({ email: "linked@policy.example" });
    await expect(newcomer("forged", "not-a-token")).rejects.toThrow(SIGN_UP_INVITE_ONLY);
    await expect(linkedSignInRefusal(prisma, { provider: "github", providerAccountId: "new", email: "octo@policy.example" })).resolves.toBe("invite_only");

    await setSignUpPolicy(prisma, { policy: "open" });
    await expect(newcomer("welcome")).resolves.toMatchObject({ email: "welcome@policy.example" });
    await expect(setSignUpPolicy(prisma, { policy: "sometimes" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("locks sign-in for an email after wrong passwords, the right one included, whether or not it has an account", async () => {
    const { prisma } = database();
    const user = await person(prisma, "Target");
    const attempt = (email: string, password: string) => authenticate(prisma, { email, password, address: null });
    await expect(attempt(user.email, "password-123")).resolves.toMatchObject({ id: user.id });
    for (let i = 0; i < 5; i += 1) await expect(attempt(user.email.toUpperCase(), `guess-${i}`)).resolves.toBeNull();
    const refused = await attempt(user.email, "password-123").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);

    const nobody = `nobody.${user.id}@example.com`;
    for (let i = 0; i < 5; i += 1) await expect(attempt(nobody, `guess-${i}`)).resolves.toBeNull();
    await expect(attempt(nobody, "anything")).rejects.toThrow((refused as TooManyRequestsError).message);
  });
});
