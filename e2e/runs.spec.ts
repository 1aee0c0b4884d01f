import { expect, test } from "@playwright/test";
import { ModelServerControl } from "./pages/model-server";
import { sharedThread } from "./support/shared-thread";

test.beforeEach(async ({ request }) => {
  await new ModelServerControl(request).reset();
});

test("a mention starts a run whose reply both people watch arrive token by token", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  const words = Array.from({ length: 12 }, (_, index) => `tok${index + 1} `);
  await model.script({ chunks: words, tokenDelayMs: 200 });
  const { ada, grace } = await sharedThread(browser, "Streaming room");
  await grace.thread.send("The numbers are in the sheet.");
  await ada.thread.send("@analyst count for us");

  for (const viewer of [ada, grace]) {
    const reply = viewer.thread.message("Analyst");
    // Part of the reply is there while the rest is still coming.
    await expect(reply).toContainText("tok3");
    await expect(reply).not.toContainText("tok12");
  }
  for (const viewer of [ada, grace]) await expect(viewer.thread.message("Analyst")).toContainText("tok1 tok2 tok3 tok4 tok5 tok6 tok7 tok8 tok9 tok10 tok11 tok12");

  const [sent] = await model.chatRequests();
  const messages = sent!.body.messages as { role: string; content: string }[];
  expect(messages[0]!.content).toContain("You are Analyst. Answer precisely");
  expect(messages.map((message) => message.content)).toEqual(
    expect.arrayContaining(["[Grace Hopper]: The numbers are in the sheet.", "[Ada Lovelace]: @analyst count for us"]),
  );

  await ada.page.getByRole("button", { name: /^Runs/ }).click();
  const trace = ada.page.getByRole("complementary", { name: "Runs" }).getByRole("article").first();
  await expect(trace).toContainText("Analyst");
  await expect(trace).toContainText("completed");
});

test("a provider error is shown in the thread in plain words, and Retry brings the reply", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  await model.script({ status: 500, errorMessage: "The upstream model crashed" });
  const { ada, grace } = await sharedThread(browser, "Failing room");
  await ada.thread.send("@analyst are you there?");
  const alert = grace.thread.message("Analyst").getByRole("alert");
  await expect(alert).toContainText("The model provider returned an error (HTTP 500): The upstream model crashed");

  await model.script({ reply: "Back on my feet." });
  await grace.thread.message("Analyst").getByRole("button", { name: "Retry Analyst's reply" }).click();
  await expect(ada.page.getByText("Back on my feet.")).toBeVisible();
});

test("any member can stop a reply while it streams", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  await model.script({ chunks: Array.from({ length: 100 }, (_, index) => `w${index} `), tokenDelayMs: 100 });
  const { ada, grace } = await sharedThread(browser, "Stopping room");
  await ada.thread.send("@analyst talk for a while");
  await expect(grace.thread.message("Analyst")).toContainText("w2");
  await grace.thread.message("Analyst").getByRole("button", { name: "Stop Analyst's reply" }).click();
  await expect(ada.thread.message("Analyst")).toContainText("Stopped by a member of the thread.");
  await expect(ada.thread.message("Analyst")).not.toContainText("w99");
});

test("the person who stops a reply sees it stopped, in the thread and in the Runs panel, as everyone else does", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  await model.script({ chunks: Array.from({ length: 100 }, (_, index) => `w${index} `), tokenDelayMs: 100 });
  const { ada, grace } = await sharedThread(browser, "Canceller's room");
  await ada.thread.send("@analyst talk for a while");
  for (const viewer of [ada, grace]) await viewer.page.getByRole("button", { name: /^Runs/ }).click();
  await expect(grace.thread.message("Analyst")).toContainText("w2");
  await grace.thread.message("Analyst").getByRole("button", { name: "Stop Analyst's reply" }).click();
  for (const viewer of [grace, ada]) {
    await expect(viewer.page.getByRole("complementary", { name: "Runs" }).getByRole("article", { name: "Run of Analyst, cancelled" })).toBeVisible();
    await expect(viewer.thread.message("Analyst")).toContainText("Stopped by a member of the thread.");
  }
});

test("a retried attempt no longer offers Retry anywhere, and the retry names who asked and who pressed Retry", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  await model.script({ status: 500, errorMessage: "The upstream model crashed" });
  const { ada, grace } = await sharedThread(browser, "Retry room");
  await ada.thread.send("@analyst are you there?");
  const failed = grace.thread.message("Analyst").first();
  await expect(failed.getByRole("alert")).toContainText("HTTP 500");
  await model.script({ reply: "Back on my feet." });
  await failed.getByRole("button", { name: "Retry Analyst's reply" }).click();

  for (const viewer of [ada, grace]) {
    await expect(viewer.page.getByText("Back on my feet.")).toBeVisible();
    await expect(viewer.thread.message("Analyst").first().getByRole("alert")).toContainText("HTTP 500");
    await expect(viewer.page.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
    await viewer.page.getByRole("button", { name: /^Runs/ }).click();
    const panel = viewer.page.getByRole("complementary", { name: "Runs" });
    await expect(panel.getByRole("article", { name: "Run of Analyst, failed" })).toContainText("Retried: see the newer attempt.");
    await expect(panel.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
    const retry = panel.getByRole("article", { name: "Run of Analyst, completed" });
    await expect(retry).toContainText("Started byAda Lovelace");
    await expect(retry).toContainText("Retried byGrace Hopper");
  }
});

test("archiving stops the reply being written and cancels the waiting run, and everyone sees why", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  await model.script({ chunks: Array.from({ length: 100 }, (_, index) => `w${index} `), tokenDelayMs: 100 });
  const { ada, grace } = await sharedThread(browser, "Archived room");
  await ada.thread.send("@analyst first question");
  await expect(grace.thread.message("Analyst")).toContainText("w2");
  await ada.thread.send("@analyst second question");
  await expect(ada.page.getByText("Analyst is waiting for its turn…")).toBeVisible();
  await ada.page.getByRole("button", { name: "Archive", exact: true }).click();

  for (const viewer of [ada, grace]) {
    await expect(viewer.thread.message("Analyst")).toContainText("Stopped: the thread was archived.");
    await expect(viewer.thread.message("Ada Lovelace").last()).toContainText("Analyst: Cancelled: the thread was archived.");
  }
  await grace.page.reload();
  await expect(grace.thread.message("Ada Lovelace").last()).toContainText("Analyst: Cancelled: the thread was archived.");
  expect(await model.chatRequests()).toHaveLength(1);
});
