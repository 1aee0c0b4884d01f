import type { Page } from "@playwright/test";

/** The sidebar's list of invitations waiting for the signed-in person's answer. */
export class Invitations {
  constructor(private readonly page: Page) {}

  region() {
    return this.page.getByRole("region", { name: "Invitations" });
  }

  async accept(threadTitle: string) {
    await this.region().getByRole("button", { name: `Accept invitation to ${threadTitle}` }).click();
  }

  async decline(threadTitle: string) {
    await this.region().getByRole("button", { name: `Decline invitation to ${threadTitle}` }).click();
  }
}
