import { beforeEach, expect, it, vi } from "vitest";
import { verifyCredentials } from "../../lib/accounts";
import { dummyPasswordHash, verifyPassword } from "../../lib/passwords";
import { describeEachDatabase } from "../support/databases";
import { person } from "../support/fixtures";

// The real functions, watched: a missing email must cost one real argon2 verification, as a wrong password does.
vi.mock(import("../../lib/passwords"), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

describeEachDatabase("sign-in work does not reveal which emails have accounts", (database) => {
  beforeEach(() => vi.mocked(verifyPassword).mockClear());

  it("verifies a password against a dummy hash when the email has no account", async () => {
    await expect(verifyCredentials(database().prisma, { email: "missing@example.com", password: "some-password" })).resolves.toBeNull();
    expect(vi.mocked(verifyPassword).mock.calls).toEqual([[await dummyPasswordHash(), "some-password"]]);
    await expect(vi.mocked(verifyPassword).mock.results[0]!.value).resolves.toBe(false);
    expect(await dummyPasswordHash()).toMatch(/^\$argon2id\$/);
  });

  it("does the same single verification for a wrong password", async () => {
    const { prisma } = database();
    const user = await person(prisma, "Known");
    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    await expect(verifyCredentials(prisma, { email: user.email, password: "some-password" })).resolves.toBeNull();
    expect(vi.mocked(verifyPassword).mock.calls).toEqual([[passwordHash, "some-password"]]);
  });

  it("and for an account that signs in only with GitHub or Google", async () => {
    const { prisma } = database();
    const user = await prisma.user.create({ data: { name: "Octo", email: `octo.${Date.now()}@example.com` } });
    await expect(verifyCredentials(prisma, { email: user.email, password: "some-password" })).resolves.toBeNull();
    expect(vi.mocked(verifyPassword).mock.calls).toEqual([[await dummyPasswordHash(), "some-password"]]);
  });
});
