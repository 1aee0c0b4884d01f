import type { Page } from "@playwright/test";

export class ThreadPage {
  constructor(private readonly page: Page) {}

  threadLink(title: string) {
    return this.page.getByRole("navigation", { name: "Threads" }).getByRole("link", { name: title });
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  messages() {
    return this.page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  }

  message(author: string) {
    return this.page.getByRole("listitem", { name: `Message from ${author}` });
  }
}
