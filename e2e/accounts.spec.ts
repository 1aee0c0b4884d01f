import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { E2E_SIGNUP_LIMIT } from "../playwright.config";
import { AuthPages } from "./pages/auth";

const ADA = { email: "ada@example.com", password: "roundtable-demo" };
const CLOSED = "Sign-up is closed on this Roundtable. Ask its administrator for an account.";
const INVITE_ONLY = "This Roundtable is invite-only. Open the invite link you were sent, or sign up with the email address you were invited at.";

let counter = 0;
function newcomer(name: string) {
  counter += 1;
  return { name, email: `${name.toLowerCase()}+${Date.now()}-${counter}@example.com`, password: "correct-horse-battery" };
}

async function newPage(browser: Browser, options?: Parameters<Browser["newContext"]>[0]): Promise<Page> {
  return (await browser.newContext(options)).newPage();
}

/** A new account, signed in on a page of its own. */
async function signedUp(browser: Browser, name: string) {
  const page = await newPage(browser);
  const person = newcomer(name);
  await new AuthPages(page).signUp(person);
  await expect(page).toHaveURL(/\/threads\//);
  return { page, person };
}

/** A credentials sign-in posted to Auth.js's route, as a form without JavaScript (or a script) does. */
async function postCredentials(api: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return api.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, callbackUrl: "/" }, maxRedirects: 0 });
}

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

async function openAdmin(browser: Browser): Promise<Page> {
  const admin = await newPage(browser);
  const auth = new AuthPages(admin);
  await auth.signIn(ADA);
  await expect(admin).toHaveURL(/\/threads\//);
  await auth.openAccountMenu();
  await admin.getByRole("link", { name: "Administration" }).click();
  await expect(admin.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
  return admin;
}

async function choosePolicy(admin: Page, label: RegExp) {
  await admin.getByRole("radio", { name: label }).check();
  await admin.getByRole("button", { name: "Save sign-up policy" }).click();
  await expect(admin.getByRole("status")).toHaveText("Sign-up policy saved.");
}

test("signing out ends the session on the server: a cookie saved before is refused after", async ({ browser, playwright, baseURL }) => {
  const { page } = await signedUp(browser, "Saver");
  const saved = await cookieHeader(page);
  expect((await fetch(`${baseURL}/api/models`, { headers: { cookie: saved } })).status).toBe(200);
  await new AuthPages(page).signOut();
  expect((await fetch(`${baseURL}/api/models`, { headers: { cookie: saved } })).status).toBe(401);

  // The same through Auth.js's own sign-out route.
  const api = await playwright.request.newContext({ baseURL });
  expect((await postCredentials(api, ADA.email, ADA.password)).status()).toBe(302);
  const cookies = (await api.storageState()).cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  expect((await api.get("/api/models")).status()).toBe(200);
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await api.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/" }, maxRedirects: 0 });
  expect((await fetch(`${baseURL}/api/models`, { headers: { cookie: cookies } })).status).toBe(401);
  await api.dispose();
});

test("after five wrong passwords even the right one is refused: 429, Retry-After and a plain message", async ({ browser, playwright, baseURL }) => {
  const { person } = await signedUp(browser, "Target");
  const api = await playwright.request.newContext({ baseURL });
  for (let i = 0; i < 5; i += 1) {
    const wrong = await postCredentials(api, person.email, `wrong-${i}`);
    expect(wrong.status()).toBe(302);
    expect(wrong.headers().location).toContain("error=CredentialsSignin");
  }
  const right = await postCredentials(api, person.email, person.password);
  expect(right.status()).toBe(429);
  expect(Number(right.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await right.json()) as { error: string }).error).toMatch(/^Too many failed sign-in attempts for this account\. Try again in \d+ minutes\.$/);
  await api.dispose();

  const auth = new AuthPages(await newPage(browser));
  await auth.signIn(person);
  await expect(auth.formError()).toHaveText(/^Too many failed sign-in attempts for this account\. Try again in \d+ minutes\.$/);
});

test("sign-up answers the same whether or not the email has an account", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.submitSignUp({ name: "Ada Again", email: ADA.email, password: "long-enough" });
  await expect(auth.signedUpNotice()).toBeVisible();
  await expect(page).toHaveURL(/\/signin\?signedUp=1$/);
  await auth.submitSignUp(newcomer("Fresh"));
  await expect(auth.signedUpNotice()).toBeVisible();
  await expect(page).toHaveURL(/\/signin\?signedUp=1$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("changing the password signs out every other session, not this one", async ({ browser }) => {
  const { page, person } = await signedUp(browser, "Rotator");
  const other = await newPage(browser);
  await new AuthPages(other).signIn(person);
  await expect(other).toHaveURL(/\/threads\//);

  await new AuthPages(page).openAccountMenu();
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your current password is not right.");
  await expect(page.getByText("This is not your current password.")).toBeVisible();

  await page.getByLabel("Current password").fill(person.password);
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Your other sessions were signed out.");

  await other.reload();
  await expect(other).toHaveURL(/\/signin/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await new AuthPages(other).signIn({ email: person.email, password: "a-brand-new-password" });
  await expect(other).toHaveURL(/\/threads\//);
});

test("the admin disables an account: its sessions end at once, and enabling lets it back in", async ({ browser }) => {
  const { page: member, person } = await signedUp(browser, "Disruptor");
  // Not an admin: no menu entry, and the page does not exist for them.
  await new AuthPages(member).openAccountMenu();
  await expect(member.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Administration" })).toHaveCount(0);
  expect((await member.goto("/admin"))?.status()).toBe(404);

  const admin = await openAdmin(browser);
  await admin.getByLabel("Search accounts").fill(person.email);
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin.getByRole("heading", { name: "Accounts (1)" })).toBeVisible();
  admin.once("dialog", (dialog) => void dialog.accept());
  await admin.getByRole("button", { name: `Disable ${person.name} (${person.email})` }).click();
  await expect(admin.getByRole("status")).toHaveText(`${person.name} was disabled.`);

  expect((await member.request.get("/api/models")).status()).toBe(401);
  await member.goto("/");
  await expect(member).toHaveURL(/\/signin/);
  const auth = new AuthPages(member);
  await auth.signIn(person);
  await expect(auth.formError()).toHaveText("This account is disabled. Ask the administrator of this Roundtable.");

  await admin.getByRole("button", { name: `Enable ${person.name} (${person.email})` }).click();
  await expect(admin.getByRole("status")).toHaveText(`${person.name} was enabled.`);
  await auth.signIn(person);
  await expect(member).toHaveURL(/\/threads\//);
});

test("the admin closes sign-up or makes it invite-only, and the sign-up page says so", async ({ browser }) => {
  const admin = await openAdmin(browser);
  const visitor = await newPage(browser);
  try {
    await choosePolicy(admin, /^Closed/);
    await visitor.goto("/signup");
    await expect(visitor.getByRole("alert").filter({ hasText: CLOSED })).toBeVisible();
    await expect(visitor.getByRole("button", { name: "Create account" })).toHaveCount(0);

    await choosePolicy(admin, /^Invite-only/);
    const auth = new AuthPages(visitor);
    await auth.submitSignUp(newcomer("Uninvited"));
    await expect(auth.formError()).toHaveText(INVITE_ONLY);
  } finally {
    await choosePolicy(admin, /^Open/);
  }
});

test("sign-ups from one client address are limited; another address is not", async ({ browser }) => {
  test.setTimeout(120_000);
  // The e2e server trusts one proxy, so X-Forwarded-For names the client.
  const auth = new AuthPages(await newPage(browser, { extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } }));
  // Each counts, though the address has an account: the limit counts work, and the answer is the same.
  const again = { name: "Ada Again", email: ADA.email, password: "long-enough" };
  for (let i = 0; i < E2E_SIGNUP_LIMIT; i += 1) {
    await auth.submitSignUp(again);
    await expect(auth.signedUpNotice()).toBeVisible();
  }
  await auth.submitSignUp(again);
  await expect(auth.formError()).toHaveText(/^Too many sign-ups from your network\. Try again in (\d+ minutes|1 hour)\.$/);

  const elsewhere = new AuthPages(await newPage(browser, { extraHTTPHeaders: { "x-forwarded-for": "203.0.113.78" } }));
  await elsewhere.submitSignUp(again);
  await expect(elsewhere.signedUpNotice()).toBeVisible();
});
