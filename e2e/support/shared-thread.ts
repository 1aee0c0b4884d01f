import { expect, type Browser, type Page } from "@playwright/test";
import { AuthPages } from "../pages/auth";
import { Invitations } from "../pages/invitations";
import { ThreadPage } from "../pages/thread";

export async function signedIn(browser: Browser, email: string): Promise<{ page: Page; thread: ThreadPage }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new AuthPages(page).signIn({ email, password: "roundtable-demo" });
  await expect(page).toHaveURL(/\/threads\//);
  return { page, thread: new ThreadPage(page) };
}

/** Ada creates a thread, adds Analyst, and invites Grace by email; Grace accepts in the app; both have it open. */
export async function sharedThread(browser: Browser, title: string) {
  const ada = await signedIn(browser, "ada@example.com");
  await ada.thread.createThread(title);
  const members = await ada.thread.openMembers();
  await members.getByLabel("Assistant to add").selectOption({ label: "Analyst (@analyst)" });
  await members.getByRole("button", { name: "Add", exact: true }).click();
  await expect(members.getByRole("button", { name: "Remove Analyst from the thread" })).toBeVisible();
  await members.getByLabel("Email address to invite").fill("grace@example.com");
  await members.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(members.getByRole("status")).toContainText("Invitation for grace@example.com created.");
  const threadUrl = ada.page.url();
  const grace = await signedIn(browser, "grace@example.com");
  await new Invitations(grace.page).accept(title);
  await expect(grace.page).toHaveURL(threadUrl);
  await expect(grace.thread.heading()).toHaveText(title);
  return { ada, grace, threadUrl, threadId: threadUrl.split("/threads/")[1]! };
}

