import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_DATA_DIR, E2E_FILE_MAX_BYTES } from "../playwright.config";
import { AuthPages } from "./pages/auth";
import { ModelServerControl } from "./pages/model-server";
import { docxBomb, TINY_PNG, tinyPdf } from "../tests/support/sample-files";
import { sharedThread } from "./support/shared-thread";

type Dropped = { name: string; type: string; base64: string };

/** Drops files on the thread the way a browser does: a drop event carrying a DataTransfer. */
async function dropFiles(page: Page, files: Dropped[]) {
  const dataTransfer = await page.evaluateHandle((list: Dropped[]) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, files);
  const target = page.getByRole("combobox", { name: "Message" });
  await target.dispatchEvent("dragenter", { dataTransfer });
  await expect(page.getByRole("region", { name: "Drop files to attach" })).toBeVisible();
  await target.dispatchEvent("dragover", { dataTransfer });
  await target.dispatchEvent("drop", { dataTransfer });
}

const blobs = () => readdirSync(join(E2E_DATA_DIR, "files", "sha256"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
const temporaries = () => readdirSync(join(E2E_DATA_DIR, "files", "tmp")).length;

test("dropped files are uploaded with progress, previewed, read by the assistant and downloadable only by members", async ({ browser, request }) => {
  const model = new ModelServerControl(request);
  await model.reset();
  const { ada, grace, threadId } = await sharedThread(browser, "Files room");

  // Slow the uploads down a little so that their progress can be seen.
  await ada.page.route("**/api/files", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  await dropFiles(ada.page, [
    { name: "report.pdf", type: "application/pdf", base64: tinyPdf("Quarterly revenue 42").toString("base64") },
    { name: "chart.png", type: "image/png", base64: TINY_PNG.toString("base64") },
  ]);
  await expect(ada.page.getByRole("progressbar", { name: "Uploading report.pdf" })).toBeVisible();
  await expect(ada.page.getByRole("img", { name: "chart.png" })).toBeVisible();
  await expect(ada.page.getByRole("button", { name: "Remove report.pdf" })).toBeVisible();

  await model.script({ reply: "Revenue was 42, and the chart is red." });
  await ada.thread.send("@analyst what do these say?");
  await expect(grace.thread.message("Analyst")).toContainText("Revenue was 42");

  // The model read the PDF's text and saw the image.
  const sent = (await model.chatRequests()).at(-1)!.body.messages as { role: string; content: unknown }[];
  const turn = sent.at(-1)!.content as { type: string; text?: string; image_url?: { url: string } }[];
  expect(turn[0]!.text).toContain("[Ada Lovelace]: @analyst what do these say?");
  expect(turn[0]!.text).toContain("--- report.pdf ---");
  expect(turn[0]!.text).toContain("Quarterly revenue 42");
  expect(turn[1]!.image_url!.url).toBe(`data:image/png;base64,${TINY_PNG.toString("base64")}`);

  // Grace, a member, sees the preview and downloads the PDF.
  const adaMessage = grace.thread.message("Ada Lovelace").last();
  await expect(adaMessage.getByRole("img", { name: "chart.png" })).toBeVisible();
  const download = adaMessage.getByRole("link", { name: "Download report.pdf" });
  const url = (await download.getAttribute("href"))!;
  const fetched = await grace.page.request.get(url);
  expect(fetched.status()).toBe(200);
  expect((await fetched.body()).subarray(0, 5).toString()).toBe("%PDF-");
  expect(fetched.headers()["content-disposition"]).toContain("attachment");

  // Someone outside the thread is refused the same address.
  const mallory = await (await browser.newContext()).newPage();
  await new AuthPages(mallory).signUp({ name: "Mallory", email: `mallory+${Date.now()}@example.com`, password: "not-a-member" });
  await expect(mallory).toHaveURL(/\/threads\//);
  expect((await mallory.request.get(url)).status()).toBe(404);
  expect((await mallory.request.get(`/api/threads/${threadId}/messages`)).status()).toBe(404);
});

test("a too-large file and a disguised one are refused with clear messages, leaving nothing behind", async ({ browser }) => {
  const { ada } = await sharedThread(browser, "Refusals room");
  const storedBefore = blobs();
  await dropFiles(ada.page, [
    { name: "huge.txt", type: "text/plain", base64: Buffer.alloc(E2E_FILE_MAX_BYTES + 1, "a").toString("base64") },
    { name: "invoice.pdf", type: "application/pdf", base64: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(2048, 0x90)]).toString("base64") },
  ]);
  await expect(ada.page.getByRole("alert").filter({ hasText: "huge.txt is larger than 1 MB." })).toBeVisible();
  await expect(ada.page.getByRole("alert").filter({ hasText: /invoice\.pdf is not a PDF/ })).toBeVisible();
  expect(blobs()).toBe(storedBefore);
  expect(temporaries()).toBe(0);
});

test("a Word document that would unpack to 200 MB is kept, and everyone is told its text is not available", async ({ browser }) => {
  const { ada, grace } = await sharedThread(browser, "Bomb room");
  const bomb = await docxBomb(200 * 1024 * 1024);
  await dropFiles(ada.page, [{ name: "bomb.docx", type: "", base64: bomb.toString("base64") }]);
  await expect(ada.page.getByText(/^Text not available to assistants: Its text would unpack to 200(\.\d)? MB, more than the 16 MB that are read\.$/)).toBeVisible();
  await ada.thread.send("Here it is");
  const download = grace.thread.message("Ada Lovelace").last().getByRole("link", { name: "Download bomb.docx" });
  await expect(download).toContainText("text not available");
  expect((await grace.page.request.get((await download.getAttribute("href"))!)).status()).toBe(200);
});
