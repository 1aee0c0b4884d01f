import { expect, test } from "@playwright/test";
import { ModelServerControl } from "./pages/model-server";
import { signedIn } from "./support/shared-thread";

test.beforeEach(async ({ request }) => {
  await new ModelServerControl(request).reset();
});

test("a webhook function's signing secret is shown once; in Try it the person answers the function card", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  const { page } = await signedIn(browser, "ada@example.com");
  await page.goto("/assistants/new");
  await page.getByLabel("Name", { exact: true }).fill("Hooked");
  await page.getByLabel("Handle").fill(`hooked${Date.now().toString(36)}`);
  await page.getByLabel("Model", { exact: true }).fill("test-model");
  await page.getByRole("button", { name: "Add function" }).click();
  await page.getByLabel("Function name").fill("lookup");
  await page.getByLabel("A webhook").check();
  await page.getByLabel("Webhook URL").fill("ftp://hooks.example.com/lookup");
  await expect(page.getByText("Only http and https addresses.")).toBeVisible();
  await page.getByLabel("Webhook URL").fill("https://hooks.example.com/lookup");

  // Try it, before saving: the call becomes a card the person answers, and the model goes on.
  await model.script({ toolOutput: "row 7", reply: "Found row seven." }, { toolCalls: [{ id: "call_1", name: "lookup", arguments: '{"q":"seven"}' }] });
  const tryIt = page.getByRole("region", { name: "Try it" });
  await page.getByLabel("Message to try").fill("Find seven");
  await page.getByLabel("Message to try").press("Enter");
  await expect(tryIt.getByRole("region", { name: "Function call: lookup" })).toContainText('"q": "seven"');
  await tryIt.getByLabel("Output for lookup").fill("row 7");
  await tryIt.getByRole("button", { name: "Submit output" }).click();
  await expect(tryIt).toContainText("Found row seven.");

  await page.getByRole("button", { name: "Create assistant" }).click();
  const notice = page.getByRole("region", { name: "Copy your webhook signing secret now" });
  const secret = (await notice.getByLabel("Signing secret of lookup", { exact: true }).innerText()).trim();
  expect(secret).toMatch(/^whsec_/);
  await notice.getByRole("button", { name: "I have copied it" }).click();
  await expect(page).toHaveURL(/\/assistants\/[^/]+\/edit$/);
  await expect(page.getByText("Calls are signed with its secret")).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});
