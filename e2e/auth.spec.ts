import { expect, test } from "@playwright/test";
import { AuthPages } from "./pages/auth";
import { ThreadPage } from "./pages/thread";

const DEMO_THREAD = "Welcome to Roundtable";

test("a newcomer signs up, signs out, signs back in and sees the demo thread", async ({ page }) => {
  const auth = new AuthPages(page);
  const thread = new ThreadPage(page);
  const person = { name: "Katherine Johnson", email: `katherine+${Date.now()}@example.com`, password: "orbital-mechanics" };

  await auth.signUp(person);
  await expect(thread.heading()).toHaveText(DEMO_THREAD);
  await expect(thread.message("Ada Lovelace").first()).toContainText("Welcome to Roundtable!");
  await expect(thread.message("Analyst")).toContainText("Two messages before this one");
  await expect(thread.messages()).toHaveCount(5);

  await auth.signOut();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);

  await auth.signIn(person);
  await expect(thread.threadLink(DEMO_THREAD)).toBeVisible();
  await thread.threadLink(DEMO_THREAD).click();
  await expect(thread.heading()).toHaveText(DEMO_THREAD);
  await expect(page.getByRole("button", { name: "Account menu" }).first()).toContainText(person.name);
});

test("a wrong password gets a clear message and no session", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.signIn({ email: "ada@example.com", password: "not-the-password" });
  await expect(auth.formError()).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue("ada@example.com");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("sign-up explains what is wrong beside each field", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.submitSignUp({ name: "Short", email: "short@example.com", password: "short" });
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
});

test("a visitor who is not signed in is sent to sign in, and back afterwards", async ({ page }) => {
  await page.goto("/threads/demo-welcome");
  await expect(page).toHaveURL(/\/signin\?from=%2Fthreads%2Fdemo-welcome/);
  await new AuthPages(page).signIn({ email: "grace@example.com", password: "roundtable-demo" });
  await expect(page).toHaveURL(/\/threads\/demo-welcome$/);
  await expect(new ThreadPage(page).heading()).toHaveText(DEMO_THREAD);
});

test("a thread the user is not a member of looks like one that does not exist", async ({ page }) => {
  await new AuthPages(page).signUp({ name: "Outsider", email: `outsider+${Date.now()}@example.com`, password: "outside-in" });
  await expect(new ThreadPage(page).heading()).toHaveText(DEMO_THREAD);
  const response = await page.goto("/threads/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Thread not found" })).toBeVisible();
});
