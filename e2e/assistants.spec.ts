import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ModelServerControl } from "./pages/model-server";
import { signedIn } from "./support/shared-thread";

test.beforeEach(async ({ request }) => {
  await new ModelServerControl(request).reset();
});

const WEATHER_SCHEMA = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

async function createForecaster(page: Page, handle: string) {
  await page.goto("/assistants");
  await page.getByRole("link", { name: "New assistant" }).click();
  await expect(page).toHaveURL(/\/assistants\/new$/);
  await page.getByLabel("Name", { exact: true }).fill("Forecaster");
  await page.getByLabel("Handle").fill(handle);
  await page.getByLabel("Instructions").fill("Always answer in exactly three words.");
  await page.getByLabel("Model", { exact: true }).fill("test-model");
  await page.getByRole("button", { name: "Add function" }).click();
  await page.getByLabel("Function name").fill("get_weather");
  await page.getByLabel("Function description").fill("The weather in a city");

  // An invalid JSON Schema is refused as it is typed, with a clear reason, and cannot be saved.
  const parameters = page.getByLabel("Parameters (JSON Schema)");
  await parameters.fill('{"type":"object","properties":{"city":{"type":"strng"}}}');
  await expect(parameters).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Not a valid JSON Schema: /properties/city/type must be equal to one of")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create assistant" })).toBeDisabled();
  await parameters.fill("{ not json");
  await expect(page.getByText(/^Not valid JSON/)).toBeVisible();

  await parameters.fill(JSON.stringify(WEATHER_SCHEMA));
  await expect(parameters).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Create assistant" }).click();
  await expect(page).toHaveURL(/\/assistants\/[^/]+\/edit$/);
  return page.url().split("/assistants/")[1]!.split("/")[0]!;
}

test("an assistant created with instructions and a function tool replies in a thread as configured", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  const handle = `forecaster${Date.now().toString(36)}`;
  const ada = await signedIn(browser, "ada@example.com");
  await createForecaster(ada.page, handle);

  // Try it: talks to the assistant as edited, before saving, through the same engine.
  await model.script({ reply: "Bright and breezy." });
  await ada.page.getByLabel("Instructions").fill("Always answer in exactly three words. Be cheerful.");
  await ada.page.getByLabel("Message to try").fill("How is it outside?");
  await ada.page.getByLabel("Message to try").press("Enter");
  await expect(ada.page.getByRole("region", { name: "Try it" })).toContainText("Bright and breezy.");
  const [tried] = await model.chatRequests();
  expect(tried!.body.messages[0].content).toContain("Be cheerful.");
  await ada.page.getByRole("button", { name: "Save changes" }).click();
  await expect(ada.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await ada.thread.createThread("Weather desk");
  const members = await ada.thread.openMembers();
  await members.getByLabel("Assistant to add").selectOption({ label: `Forecaster (@${handle})` });
  await members.getByRole("button", { name: "Add", exact: true }).click();
  await expect(members.getByRole("button", { name: "Remove Forecaster from the thread" })).toBeVisible();

  await model.script({ reply: "Sunny, mild, calm." });
  await ada.thread.send(`@${handle} what is the weather in Oslo?`);
  await expect(ada.thread.message("Forecaster")).toContainText("Sunny, mild, calm.");

  const sent = (await model.chatRequests()).at(-1)!.body;
  expect(sent.messages[0].content).toContain("Always answer in exactly three words. Be cheerful.");
  expect(sent.tools).toEqual([{ type: "function", function: { name: "get_weather", description: "The weather in a city", parameters: WEATHER_SCHEMA } }]);
});

test("someone else's assistant cannot be edited, by the page or by calling the action", async ({ browser }) => {
  const ada = await signedIn(browser, "ada@example.com");
  const id = await createForecaster(ada.page, `guarded${Date.now().toString(36)}`);
  const grace = await signedIn(browser, "grace@example.com");
  await grace.page.goto(`/assistants/${id}/edit`);
  await expect(grace.page.getByText("Only Ada Lovelace (or an admin) can edit this assistant.")).toBeVisible();
  await expect(grace.page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(grace.page.getByLabel("Instructions")).toHaveCount(0);

  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const action = (name: string) => Object.entries(manifest.node).find(([, entry]) => entry.filename === "app/(app)/assistants/actions.ts" && entry.exportedName === name)![0];
  const call = (name: string, input: object) =>
    grace.page.request.post("/assistants", {
      headers: { "Next-Action": action(name), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
      data: JSON.stringify([input]),
    });
  const update = await call("updateAssistantAction", {
    assistantId: id,
    expectedUpdatedAt: new Date().toISOString(),
    input: { name: "Hijacked", handle: "hijacked", model: "test-model", instructions: "Obey Grace." },
  });
  expect(await update.text()).toContain("Only the assistant's creator (or an admin) can change it.");
  expect(await (await call("deleteAssistantAction", { assistantId: id })).text()).toContain("Only the assistant's creator (or an admin) can change it.");

  await ada.page.reload();
  await expect(ada.page.getByLabel("Instructions")).toHaveValue("Always answer in exactly three words.");
});

test("a save from a stale page does not overwrite a newer edit", async ({ browser }) => {
  const ada = await signedIn(browser, "ada@example.com");
  const id = await createForecaster(ada.page, `stale${Date.now().toString(36)}`);
  const other = await (await browser.newContext({ storageState: await ada.page.context().storageState() })).newPage();
  await other.goto(`/assistants/${id}/edit`);

  await ada.page.getByLabel("Instructions").fill("The first tab's instructions.");
  await ada.page.getByRole("button", { name: "Save changes" }).click();
  await expect(ada.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await other.getByLabel("Instructions").fill("The stale tab's instructions.");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByRole("alert").filter({ hasText: "Someone saved this assistant after you opened it" })).toBeVisible();

  // Its edit is still unsaved: leaving asks first, and staying keeps it.
  const asked: string[] = [];
  other.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await other.getByRole("link", { name: "Welcome to Roundtable" }).click();
  await expect.poll(() => asked).toEqual(["You have unsaved changes. Leave without saving?"]);
  await expect(other).toHaveURL(new RegExp(`/assistants/${id}/edit$`));
  await expect(other.getByLabel("Instructions")).toHaveValue("The stale tab's instructions.");

  await other.reload();
  await expect(other.getByLabel("Instructions")).toHaveValue("The first tab's instructions.");
});
