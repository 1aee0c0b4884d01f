import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { AuthPages } from "./pages/auth";
import { sharedThread } from "./support/shared-thread";

test("two people see each other's messages, edits, typing and presence live", async ({ browser }) => {
  const { ada, grace } = await sharedThread(browser, "Live room");

  await expect((await ada.thread.openMembers()).getByText("Grace Hopper")).toBeVisible();
  await expect((await ada.thread.openMembers()).getByText("Member · online")).toBeVisible();

  await ada.thread.send("Hello from **Ada**");
  await expect(grace.thread.message("Ada Lovelace")).toContainText("Hello from Ada");

  await grace.thread.composer().pressSequentially("Hi Ad");
  await expect(ada.page.getByText("Grace Hopper is typing…")).toBeVisible();
  await grace.thread.composer().press("Shift+Enter");
  await grace.thread.composer().pressSequentially("second line");
  await grace.thread.composer().press("Enter");
  await expect(ada.thread.message("Grace Hopper")).toContainText("second line");

  const graceMessage = grace.thread.message("Grace Hopper");
  await graceMessage.hover();
  await graceMessage.getByRole("button", { name: "Edit message" }).click();
  await grace.page.getByLabel("Edit message").fill("Hi Ada, edited");
  await grace.page.getByLabel("Edit message").press("Enter");
  await expect(ada.thread.message("Grace Hopper")).toContainText("Hi Ada, edited");
  await expect(ada.thread.message("Grace Hopper")).toContainText("(edited)");

  grace.page.once("dialog", (dialog) => void dialog.accept());
  await graceMessage.hover();
  await graceMessage.getByRole("button", { name: "Delete message" }).click();
  await expect(ada.thread.message("Grace Hopper")).toContainText("This message was deleted.");
});

test("the composer suggests assistants after @ and keeps the draft across a reload", async ({ browser }) => {
  const { ada } = await sharedThread(browser, "Mentions");
  const composer = ada.thread.composer();
  await composer.pressSequentially("Question for @ana");
  const suggestions = ada.page.getByRole("listbox", { name: "Mention suggestions" });
  await expect(suggestions.getByRole("option")).toHaveCount(1);
  await expect(suggestions.getByRole("option", { selected: true })).toContainText("Analyst");
  await composer.press("Enter");
  await expect(composer).toHaveValue("Question for @analyst ");
  await expect(suggestions).toBeHidden();

  await composer.pressSequentially("— draft");
  await ada.page.reload();
  await expect(ada.thread.composer()).toHaveValue("Question for @analyst — draft");
  await ada.thread.composer().press("Enter");
  await expect(ada.thread.message("Ada Lovelace")).toContainText("Question for @analyst — draft");
});

test("a non-member is refused the thread page, its actions and its event stream", async ({ browser }) => {
  const { threadId, threadUrl } = await sharedThread(browser, "Private room");
  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signUp({ name: "Mallory", email: `mallory+${Date.now()}@example.com`, password: "not-a-member" });
  await expect(page).toHaveURL(/\/threads\/demo-welcome$/);

  const response = await page.goto(threadUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Thread not found" })).toBeVisible();

  const api = page.request;
  for (const [method, path] of [
    ["GET", `/api/threads/${threadId}`],
    ["GET", `/api/threads/${threadId}/events`],
    ["GET", `/api/threads/${threadId}/messages`],
    ["POST", `/api/threads/${threadId}/messages`],
    ["POST", `/api/threads/${threadId}/typing`],
  ] as const) {
    const answer = await api.fetch(path, { method, data: method === "POST" ? { content: "let me in" } : undefined });
    expect(answer.status(), `${method} ${path}`).toBe(404);
    expect(await answer.json()).toEqual({ error: "This thread does not exist, or you are not a member of it." });
  }

  // Every server action on threads, called directly as the browser would.
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const actions = Object.entries(manifest.node).filter(([, action]) => ["app/(app)/threads/actions.ts", "app/(app)/invite/actions.ts"].includes(action.filename));
  const inputs: Record<string, object> = {
    renameThreadAction: { threadId, title: "Mine now" },
    setThreadArchivedAction: { threadId, archived: true },
    leaveThreadAction: { threadId },
    removeMemberAction: { threadId, memberId: "someone" },
    inviteByEmailAction: { threadId, email: "friend@example.com" },
    createInviteLinkAction: { threadId },
    revokeInviteAction: { threadId, inviteId: "any" },
    addAssistantAction: { threadId, assistantId: "any" },
    removeAssistantAction: { threadId, assistantId: "any" },
    postMessageAction: { threadId, content: "let me in" },
  };
  const checked: string[] = [];
  for (const [id, action] of actions) {
    const input = inputs[action.exportedName];
    if (!input) continue;
    const answer = await api.post("/", {
      headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
      data: JSON.stringify([input]),
    });
    expect(await answer.text(), action.exportedName).toContain("This thread does not exist, or you are not a member of it.");
    checked.push(action.exportedName);
  }
  expect(checked.sort()).toEqual(Object.keys(inputs).sort());
});

test("200 messages posted at once are all stored, and both viewers see them in the same order", async ({ browser }) => {
  // A burst on a 2-core machine: the assertions are about order and completeness, not speed (that is the bench's).
  test.setTimeout(90_000);
  const { ada, grace, threadId } = await sharedThread(browser, "Busy room");
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, index) =>
      (index % 2 ? ada : grace).page.request.post(`/api/threads/${threadId}/messages`, { data: { content: `burst ${index}`, clientId: `burst-${index}` } }),
    ),
  );
  expect(answers.map((answer) => answer.status())).toEqual(Array(200).fill(201));

  for (const viewer of [ada, grace]) await expect(viewer.thread.messages()).toHaveCount(200, { timeout: 20_000 });
  const seen = await ada.thread.texts();
  expect(await grace.thread.texts()).toEqual(seen);
  expect(new Set(seen).size).toBe(200);
});
