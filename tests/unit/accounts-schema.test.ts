import { describe, expect, it } from "vitest";
import { signInInput, signUpInput } from "../../lib/accounts/schema";
import { hashPassword, verifyPassword } from "../../lib/passwords";
import { safeRedirectPath } from "../../lib/auth/redirect";

describe("account input", () => {
  it("normalises email addresses and names", () => {
    expect(signUpInput.parse({ name: "  Ada ", email: " ADA@Example.COM ", password: "12345678" })).toEqual({
      name: "Ada",
      email: "ada@example.com",
      password: "12345678",
    });
  });

  it("rejects short passwords, bad emails and empty names with field messages", () => {
    const result = signUpInput.safeParse({ name: "", email: "ada@", password: "1234567" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["name", "Enter your name."],
      ["email", "Enter a valid email address."],
      ["password", "Use at least 8 characters."],
    ]);
    expect(signInInput.safeParse({ email: "ada@example.com", password: "" }).success).toBe(false);
  });
});

describe("passwords", () => {
  it("verifies only the password that was hashed", async () => {
    const hashed = await hashPassword("open sesame");
    expect(hashed).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(hashed, "open sesame")).resolves.toBe(true);
    await expect(verifyPassword(hashed, "open sesame!")).resolves.toBe(false);
    await expect(verifyPassword("not a hash", "open sesame")).resolves.toBe(false);
  });
});

describe("redirect after sign-in", () => {
  it("allows only paths on this site", () => {
    expect(safeRedirectPath("/threads/abc")).toBe("/threads/abc");
    expect(safeRedirectPath("https://evil.example")).toBe("/");
    expect(safeRedirectPath("//evil.example")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
  });
});
