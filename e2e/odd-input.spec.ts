import { expect, test } from "@playwright/test";
import { AuthPages } from "./pages/auth";
import { signedIn } from "./support/shared-thread";

const UNSTORABLE = "cannot be stored";

test("odd characters and out-of-range cursors get a 400 with a clear message", async ({ browser }) => {
  const { page } = await signedIn(browser, "ada@example.com");
  const threadId = page.url().split("/threads/")[1]!;
  const api = page.request;

  for (const content of ["nul \u0000 inside", "half an emoji \ud83d"]) {
    const posted = await api.post(`/api/threads/${threadId}/messages`, { data: { content } });
    expect(posted.status()).toBe(400);
    expect((await posted.json()).error).toContain(UNSTORABLE);
  }

  for (const before of ["2147483648", "99999999999999999999", "1.5", "-1", "abc"]) {
    const page = await api.get(`/api/threads/${threadId}/messages?before=${before}`);
    expect(page.status(), `before=${before}`).toBe(400);
    expect((await page.json()).error).toContain("whole number");
  }
  expect((await api.get(`/api/threads/${threadId}/messages?before=2147483647`)).status()).toBe(200);

  for (const after of ["2147483648", "1e3", "abc"]) {
    const stream = await api.get(`/api/threads/${threadId}/events?after=${after}`);
    expect(stream.status(), `after=${after}`).toBe(400);
    expect((await stream.json()).error).toContain("whole number");
  }
  const resumed = await api.get(`/api/threads/${threadId}/events`, { headers: { "Last-Event-ID": "4294967296" } });
  expect(resumed.status()).toBe(400);
});

test("a display name with a NUL character is refused on the sign-up form, not with an error page", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.signUp({ name: "Nul\u0000Name", email: `nul.${Date.now()}@example.com`, password: "correct horse battery" });
  await expect(page.getByText(UNSTORABLE)).toBeVisible();
  await expect(page).toHaveURL(/\/signup/);
});
