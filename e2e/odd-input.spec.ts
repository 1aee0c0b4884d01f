import { expect, test } from "@playwright/test";
import { AuthPages } from "./pages/auth";
import { signedIn } from "./support/shared-thread";

const UNSTORABLE = "cannot be stored";

test("odd characters in a posted message get a 400 with a clear message", async ({ browser }) => {
  const { page } = await signedIn(browser, "ada@example.com");
  const threadId = page.url().split("/threads/")[1]!;
  const api = page.request;

  for (const content of ["nul \u0000 inside", "half an emoji \ud83d"]) {
    const posted = await api.post(`/api/threads/${threadId}/messages`, { data: { content } });
    expect(posted.status()).toBe(400);
    expect((await posted.json()).error).toContain(UNSTORABLE);
  }
});

test("a display name with a NUL character is refused on the sign-up form, not with an error page", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.submitSignUp({ name: "Nul\u0000Name", email: `nul.${Date.now()}@example.com`, password: "correct horse battery" });
  await expect(page.getByText(UNSTORABLE)).toBeVisible();
  await expect(page).toHaveURL(/\/signup/);
});
