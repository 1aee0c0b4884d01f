import { expect, test } from "@playwright/test";
import { Invitations } from "./pages/invitations";
import { ThreadPage } from "./pages/thread";
import { signedIn } from "./support/shared-thread";

test("threads you join, others rename or remove you from, change in your sidebar without a reload", async ({ browser }) => {
  const grace = await signedIn(browser, "grace@example.com");
  const ada = await signedIn(browser, "ada@example.com");
  // Gone if Grace's page reloads.
  await grace.page.evaluate(() => Object.assign(window, { sameDocument: true }));

  await ada.thread.createThread("Sidebar news");
  await ada.thread.inviteByEmail("grace@example.com");
  // Grace accepts in another tab; the first one learns of it from her own event stream.
  const otherTab = await grace.page.context().newPage();
  await otherTab.goto("/");
  await new Invitations(otherTab).accept("Sidebar news");
  await expect(new ThreadPage(otherTab).heading()).toHaveText("Sidebar news");
  await expect(grace.thread.threadLink("Sidebar news")).toBeVisible();

  await ada.thread.rename("Sidebar renamed");
  await expect(grace.thread.threadLink("Sidebar renamed")).toBeVisible();
  await expect(grace.thread.threadLink("Sidebar news")).toHaveCount(0);

  await ada.thread.removeMember("Grace Hopper");
  await expect(grace.thread.threadLink("Sidebar renamed")).toHaveCount(0);
  expect(await grace.page.evaluate(() => "sameDocument" in window)).toBe(true);
});
