import { expect, test, type Page } from "@playwright/test";
import { ThreadPage } from "./pages/thread";
import { sharedThread, signedIn } from "./support/shared-thread";

const TOTAL = 120;
const PAGE_SIZE = 50;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `history ${from + index}`);

/** The scrolling element that holds the list of messages. */
const scroller = (page: Page) => page.getByRole("list", { name: "Messages" }).locator("xpath=..");

async function opensAtTheLatestPage(page: Page, thread: ThreadPage) {
  await expect(thread.messages()).toHaveCount(PAGE_SIZE);
  await expect(page.getByText(`history ${TOTAL - 1}`, { exact: true })).toBeInViewport();
  await expect(thread.messages().last()).toBeInViewport();
  expect(await thread.texts()).toEqual(range(TOTAL - PAGE_SIZE, TOTAL));
  await expect(page.getByText("This is the beginning of the thread.")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Load earlier messages" })).toBeAttached();
  // Opening at the bottom loads nothing earlier by itself.
  await page.waitForTimeout(500);
  await expect(thread.messages()).toHaveCount(PAGE_SIZE);
  await expect(thread.messages().last()).toBeInViewport();
}

async function hasTheWholeThreadInOrder(page: Page, thread: ThreadPage) {
  await expect(page.getByText("This is the beginning of the thread.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Load earlier messages|Loading earlier messages/ })).toHaveCount(0);
  await expect(thread.messages()).toHaveCount(TOTAL);
  const texts = await thread.texts();
  expect(new Set(texts).size).toBe(texts.length);
  expect(texts).toEqual(range(0, TOTAL));
}

test("a long thread opens at its latest messages and loads earlier pages back to its beginning", async ({ browser }) => {
  test.setTimeout(120_000);
  const { ada, threadId, threadUrl } = await sharedThread(browser, "Long history");

  for (let start = 0; start < TOTAL; start += 5) {
    const answers = [];
    // Small batches, each one finished before the next, so the order of the thread is known.
    for (let index = start; index < start + 5; index++) {
      answers.push(await ada.page.request.post(`/api/threads/${threadId}/messages`, { data: { content: `history ${index}`, clientId: `h${index}` } }));
    }
    expect(answers.map((answer) => answer.status())).toEqual([201, 201, 201, 201, 201]);
  }

  // Grace, freshly signed in elsewhere, scrolls up through the history.
  const grace = await signedIn(browser, "grace@example.com");
  await grace.page.goto(threadUrl);
  await expect(grace.thread.heading()).toHaveText("Long history");
  await opensAtTheLatestPage(grace.page, grace.thread);

  const first = grace.page.getByText("history 0", { exact: true });
  await expect(async () => {
    await scroller(grace.page).evaluate((element) => {
      element.scrollTop = 0;
    });
    await expect(first).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  // Each earlier page is put above the one being read, so the reader stays where they were; at the top is the beginning.
  await scroller(grace.page).evaluate((element) => {
    element.scrollTop = 0;
  });
  await expect(grace.page.getByText("This is the beginning of the thread.")).toBeInViewport();
  await expect(first).toBeInViewport();
  await hasTheWholeThreadInOrder(grace.page, grace.thread);

  // Ada, in a new window of her own, uses the button instead.
  const again = await signedIn(browser, "ada@example.com");
  await again.page.goto(threadUrl);
  await expect(again.thread.heading()).toHaveText("Long history");
  await opensAtTheLatestPage(again.page, again.thread);
  const loadEarlier = again.page.getByRole("button", { name: "Load earlier messages" });
  for (const loaded of [2 * PAGE_SIZE, TOTAL]) {
    await loadEarlier.click();
    await expect(again.thread.messages()).toHaveCount(loaded);
  }
  await hasTheWholeThreadInOrder(again.page, again.thread);
});
