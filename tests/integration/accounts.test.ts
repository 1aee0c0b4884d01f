import { expect, it } from "vitest";
import { signUp, verifyCredentials } from "../../lib/accounts";
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_THREAD_ID, seedDemo } from "../../lib/demo";
import { ConflictError, ValidationError } from "../../lib/errors";
import { listMessages } from "../../lib/messages";
import { getThread, listThreadsForUser } from "../../lib/threads";
import { describeEachDatabase } from "../support/databases";

describeEachDatabase("accounts, demo data and thread membership", (database) => {
  it("signs up with a hashed password and signs in only with the right one", async () => {
    const { prisma } = database();
    const user = await signUp(prisma, { name: "Linus", email: "  Linus@Example.com ", password: "correct horse" });
    expect(user).toMatchObject({ name: "Linus", email: "linus@example.com" });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain("correct horse");

    await expect(verifyCredentials(prisma, { email: "LINUS@example.com", password: "correct horse" })).resolves.toMatchObject({ id: user.id });
    await expect(verifyCredentials(prisma, { email: "linus@example.com", password: "wrong horse" })).resolves.toBeNull();
    await expect(verifyCredentials(prisma, { email: "nobody@example.com", password: "correct horse" })).resolves.toBeNull();
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const { prisma } = database();
    await signUp(prisma, { name: "Margaret", email: "margaret@example.com", password: "apollo-11!" });
    await expect(signUp(prisma, { name: "Imposter", email: "MARGARET@example.com", password: "apollo-11!" })).rejects.toBeInstanceOf(ConflictError);
    expect(await prisma.user.count({ where: { email: "margaret@example.com" } })).toBe(1);
  });

  it("explains invalid sign-up input field by field", async () => {
    const { prisma } = database();
    const error = await signUp(prisma, { name: " ", email: "not-an-email", password: "short" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({
      name: ["Enter your name."],
      email: ["Enter a valid email address."],
      password: ["Use at least 8 characters."],
    });
  });

  it("installs the demo once, and new accounts join its thread", async () => {
    const { prisma } = database();
    const before = await signUp(prisma, { name: "Early", email: "early@example.com", password: "early-bird" });
    expect(await listThreadsForUser(prisma, { userId: before.id })).toEqual([]);

    expect(await seedDemo(prisma)).toBe(true);
    expect(await seedDemo(prisma)).toBe(false);
    expect(await prisma.assistant.count({ where: { handle: { in: ["analyst", "writer"] } } })).toBe(2);

    const ada = await verifyCredentials(prisma, { email: DEMO_PEOPLE[0].email, password: DEMO_PASSWORD });
    expect(ada).not.toBeNull();
    const { messages } = await listMessages(prisma, { threadId: DEMO_THREAD_ID });
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(messages.map((message) => (message.author.kind === "assistant" ? message.author.handle : message.author.name))).toEqual([
      "Ada Lovelace",
      "Grace Hopper",
      "analyst",
      "Ada Lovelace",
      "writer",
    ]);

    const newcomer = await signUp(prisma, { name: "Newcomer", email: "new@example.com", password: "first-day" });
    expect((await listThreadsForUser(prisma, { userId: newcomer.id })).map((thread) => thread.id)).toEqual([DEMO_THREAD_ID]);
    expect((await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: DEMO_THREAD_ID, userId: newcomer.id } } }))?.role).toBe("member");
  });

  it("hides a thread from people who are not its members", async () => {
    const { prisma } = database();
    const owner = await signUp(prisma, { name: "Owner", email: "owner@example.com", password: "owner-pass" });
    const stranger = await signUp(prisma, { name: "Stranger", email: "stranger@example.com", password: "stranger-pass" });
    const thread = await prisma.thread.create({
      data: { title: "Private", createdById: owner.id, members: { create: { userId: owner.id, role: "owner" } } },
    });
    expect((await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: thread.id, userId: owner.id } } }))?.role).toBe("owner");
    expect((await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: thread.id, userId: stranger.id } } }))?.role).toBeUndefined();
    expect((await listThreadsForUser(prisma, { userId: stranger.id })).map((t) => t.id)).not.toContain(thread.id);
  });
});
