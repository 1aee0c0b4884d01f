import { expect, test, type Locator, type Page } from "@playwright/test";
import { AuthPages } from "./pages/auth";
import { ThreadPage } from "./pages/thread";
import { signedIn } from "./support/shared-thread";

const DEMO_THREAD = "Welcome to Roundtable";
const HOSTILE_NAME = `<img src=x onerror="window.__pwned=1">Eve`;
const HOSTILE_HTML = `<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3">`;
const HOSTILE_MESSAGE = `Hello **bold** [click](javascript:window.__pwned=4)\n${HOSTILE_HTML}`;

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

/** What an attacker hopes for: anything with an inline handler, a script, or a javascript: link. */
async function expectNothingActive(page: Page, scope: Locator) {
  await expect(scope.locator("script")).toHaveCount(0);
  await expect(scope.locator("img[onerror], [onerror], [onload], [onclick]")).toHaveCount(0);
  await expect(scope.locator('a[href^="javascript:" i]')).toHaveCount(0);
  // Nowhere on the page either (the name is shown in the account menu, the members list, …).
  await expect(page.locator("body [onerror], body [onload]")).toHaveCount(0);
  // An <img src=x> that made it in would fail to load and run its handler at once; give it the chance.
  await page.waitForLoadState("load");
  await page.waitForTimeout(300);
  expect(await pwned(page)).toBeUndefined();
}

test("names and messages with HTML, script and javascript: links are shown as text and never run", async ({ browser, page }) => {
  const auth = new AuthPages(page);
  const eve = new ThreadPage(page);
  await auth.signUp({ name: HOSTILE_NAME, email: `eve+${Date.now()}@example.com`, password: "cross-site-scripting" });
  await expect(page).toHaveURL(/\/threads\/demo-welcome$/);
  await expect(eve.heading()).toHaveText(DEMO_THREAD);
  // The name is text wherever it appears, never markup.
  await expect(page.getByRole("button", { name: "Account menu" }).first()).toContainText(HOSTILE_NAME);

  // Grace has the thread open before Eve posts, so she gets the message live.
  const grace = await signedIn(browser, "grace@example.com");
  await grace.page.goto("/threads/demo-welcome");
  await expect(grace.thread.heading()).toHaveText(DEMO_THREAD);

  // (An earlier attempt on the same server may have left messages by someone of the same name.)
  const before = await eve.message(HOSTILE_NAME).count();
  await eve.send(HOSTILE_MESSAGE);

  for (const viewer of [page, grace.page]) {
    const thread = new ThreadPage(viewer);
    const list = viewer.getByRole("list", { name: "Messages" });
    // The author's name, markup and all, is the literal accessible name of the message.
    const byEve = list.getByRole("listitem", { name: `Message from ${HOSTILE_NAME}` });
    await expect(byEve).toHaveCount(before + 1);
    const message = byEve.last();
    await expect(thread.messages().filter({ has: viewer.getByText(HOSTILE_NAME, { exact: true }) })).toHaveCount(before + 1);
    await expect(message).toHaveAttribute("aria-label", /^Message from <img/);
    await expect(message).toHaveAccessibleName(`Message from ${HOSTILE_NAME}`);

    const content = message.locator(".prose-message");
    await expect(content).toBeAttached();
    await expectNothingActive(viewer, list);
    const link = content.getByRole("link", { name: "click" });
    if ((await link.count()) > 0) {
      const href = await link.getAttribute("href");
      expect(href ?? "").not.toMatch(/^\s*javascript:/i);
    }

    // The Markdown is rendered, and the raw HTML is shown as the text it is: nothing is lost.
    await expect(content.locator("strong")).toHaveText("bold");
    await expect(content).toContainText(HOSTILE_HTML);
  }

  // Following the link (if it is one) runs nothing either.
  const link = eve.message(HOSTILE_NAME).last().getByRole("link", { name: "click" });
  if ((await link.count()) > 0) {
    await link.click();
    await page.waitForLoadState("load");
    expect(await pwned(page)).toBeUndefined();
    await expectNothingActive(page, page.getByRole("list", { name: "Messages" }));
    await expect(eve.message(HOSTILE_NAME).last().locator(".prose-message strong")).toHaveText("bold");
  }

  // And on a fresh load of the page, rendered by the server this time.
  await page.reload();
  await expect(eve.message(HOSTILE_NAME)).toHaveCount(before + 1);
  await expectNothingActive(page, page.getByRole("list", { name: "Messages" }));
  await expect(eve.message(HOSTILE_NAME).last().locator(".prose-message strong")).toHaveText("bold");
  await expect(eve.message(HOSTILE_NAME).last()).toContainText(HOSTILE_HTML);
});
