import { expect, test, type Locator } from "@playwright/test";
import { AuthPages } from "./pages/auth";
import { Invitations } from "./pages/invitations";
import { signedIn } from "./support/shared-thread";

/** Invites the address from the members panel; returns what the inviter is told, the address left out. */
async function invite(members: Locator, email: string): Promise<string> {
  await members.getByLabel("Email address to invite").fill(email);
  await members.getByRole("button", { name: "Invite", exact: true }).click();
  const status = members.getByRole("status");
  await expect(status).toContainText(email);
  return (await status.innerText()).replace(email, "ADDRESS");
}

test("an invited person with an account joins only when they accept in the app", async ({ browser }) => {
  const ada = await signedIn(browser, "ada@example.com");
  const title = `Invitation room ${Date.now()}`;
  await ada.thread.createThread(title);
  const threadUrl = ada.page.url();
  const members = await ada.thread.openMembers();

  // Grace has an account, the other address has none: Ada is told the same.
  const known = await invite(members, "grace@example.com");
  const unknown = await invite(members, `nobody+${Date.now()}@example.com`);
  expect(unknown).toBe(known);
  await expect(members.getByRole("textbox", { name: "Personal invite link for grace@example.com" })).toHaveValue(/\/invite\/[\w-]+$/);

  const grace = await signedIn(browser, "grace@example.com");
  const invitations = new Invitations(grace.page);
  await expect(invitations.region()).toContainText(title);
  await expect(invitations.region()).toContainText("From Ada Lovelace");
  await expect(grace.thread.threadLink(title)).toHaveCount(0);
  expect((await grace.page.goto(threadUrl))?.status()).toBe(404);

  await grace.page.goto("/");
  await invitations.accept(title);
  await expect(grace.page).toHaveURL(threadUrl);
  await expect(grace.thread.heading()).toHaveText(title);
  await expect(grace.thread.threadLink(title)).toBeVisible();
  await expect(invitations.region()).toHaveCount(0);
  await expect(members.getByText("Grace Hopper")).toBeVisible();
});

test("a declined invitation is gone; a personal link passed on works once, and signing up with the address grants nothing", async ({ browser }) => {
  const ada = await signedIn(browser, "ada@example.com");
  const title = `Quiet room ${Date.now()}`;
  await ada.thread.createThread(title);
  const threadUrl = ada.page.url();
  const members = await ada.thread.openMembers();
  await invite(members, "grace@example.com");

  const grace = await signedIn(browser, "grace@example.com");
  const invitations = new Invitations(grace.page);
  await invitations.decline(title);
  await expect(invitations.region().getByText(title)).toHaveCount(0);
  await ada.page.reload();
  await expect((await ada.thread.openMembers()).getByRole("textbox", { name: "Personal invite link for grace@example.com" })).toHaveCount(0);

  const newcomer = `newcomer+${Date.now()}@example.com`;
  await invite(await ada.thread.openMembers(), newcomer);
  const link = await (await ada.thread.openMembers()).getByRole("textbox", { name: `Personal invite link for ${newcomer}` }).inputValue();

  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signUp({ name: "Newcomer", email: newcomer, password: "new-here-1" });
  await expect(page).toHaveURL(/\/threads\/demo-welcome$/);
  await expect(new Invitations(page).region()).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Threads" }).getByRole("link", { name: title })).toHaveCount(0);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: `You are invited to “${title}”` })).toBeVisible();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(threadUrl);

  const other = await (await browser.newContext()).newPage();
  await new AuthPages(other).signUp({ name: "Latecomer", email: `late+${Date.now()}@example.com`, password: "late-here-1" });
  await expect(other).toHaveURL(/\/threads\//);
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "Invite not valid" })).toBeVisible();
});
