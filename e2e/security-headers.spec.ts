import { expect, test, type Page } from "@playwright/test";
import { TINY_PNG } from "../tests/support/sample-files";
import { AuthPages } from "./pages/auth";
import { ModelServerControl } from "./pages/model-server";
import { ThreadPage } from "./pages/thread";

/** What the browser refused under the page's Content-Security-Policy, as it reports it. */
async function watchPolicyViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|CSP violation/i.test(message.text())) violations.push(`${new URL(page.url()).pathname}: ${message.text()}`);
  });
  // Injected by the browser's debugging protocol, which the page's policy does not apply to.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`));
  });
  return violations;
}

test("pages and API answers carry the security headers, with a fresh nonce on every page's scripts", async ({ request }) => {
  const nonces: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const page = await request.get("/signin");
    expect(page.status()).toBe(200);
    const headers = page.headers();
    const policy = headers["content-security-policy"]!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    const nonce = policy.match(/'nonce-([^']+)'/)![1]!;
    nonces.push(nonce);
    // Every script Next wrote into the page carries it.
    const scripts = (await page.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  }
  expect(nonces[0]).not.toBe(nonces[1]);

  const api = await request.get("/api/models");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("sign-in, a thread with highlighted code and an image, and the assistants dashboard work with no policy violation", async ({ browser, request }) => {
  await new ModelServerControl(request).reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = await watchPolicyViolations(page);

  await new AuthPages(page).signIn({ email: "ada@example.com", password: "roundtable-demo" });
  await expect(page).toHaveURL(/\/threads\//);
  const thread = new ThreadPage(page);
  await page.getByLabel("Choose files to attach").setInputFiles({ name: "pixel.png", mimeType: "image/png", buffer: TINY_PNG });
  await expect(page.getByRole("img", { name: "pixel.png" })).toBeVisible();
  await thread.send("The numbers:\n```js\nconst answer = 42;\n```");

  const message = thread.message("Ada Lovelace").last();
  // The image is served by /api/files and shown.
  const image = message.getByRole("img", { name: "pixel.png" });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
  // Highlighted: the keyword has its own colour from the app's stylesheet.
  const keyword = message.locator(".hljs-keyword").first();
  await expect(keyword).toHaveText("const");
  const colours = await keyword.evaluate((element) => [getComputedStyle(element).color, getComputedStyle(element.parentElement!).color]);
  expect(colours[0]).not.toBe(colours[1]);
  // Tailwind's styles apply (the send button is indigo, not the browser's grey).
  await expect(page.getByRole("button", { name: "Send message" })).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");

  await page.goto("/assistants");
  await expect(page.getByRole("heading", { name: "Assistants", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New assistant" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(violations).toEqual([]);
  await context.close();
});
