import { expect, test } from "@playwright/test";
import { signedIn } from "./support/shared-thread";

test("sending again after a post whose answer was lost stores the message once", async ({ browser }) => {
  const { page, thread } = await signedIn(browser, "ada@example.com");
  await thread.createThread("Resend room");
  // The first post reaches the server, which stores it, but its answer never comes back.
  let lost = false;
  await page.route(
    (url) => url.pathname.startsWith("/threads/"),
    async (route) => {
      const request = route.request();
      if (lost || request.method() !== "POST" || !request.headers()["next-action"]) return route.fallback();
      lost = true;
      await route.fetch();
      await route.abort("connectionreset");
    },
  );
  await thread.composer().fill("Only once, please");
  await thread.composer().press("Enter");
  await expect(page.locator("form").getByRole("alert")).toBeVisible();
  await expect(thread.composer()).toHaveValue("Only once, please");

  await page.getByRole("button", { name: "Send message" }).click();
  await expect(thread.composer()).toHaveValue("");
  await expect(page.locator("form").getByRole("alert")).toHaveCount(0);
  await page.reload();
  await expect(thread.messages().filter({ hasText: "Only once, please" })).toHaveCount(1);
});
