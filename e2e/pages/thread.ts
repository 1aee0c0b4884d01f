import { expect, type Page } from "@playwright/test";

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

  composer() {
    return this.page.getByRole("combobox", { name: "Message" });
  }

  async createThread(title: string) {
    await this.page.getByRole("button", { name: "+ New thread" }).first().click();
    await this.page.getByLabel("New thread title").fill(title);
    await this.page.getByRole("button", { name: "Create thread" }).click();
    await expect(this.heading()).toHaveText(title);
  }

  async openMembers() {
    const toggle = this.page.getByRole("button", { name: /^People/ });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    return this.page.getByRole("complementary", { name: "Members" });
  }

  async rename(title: string) {
    await this.page.getByRole("button", { name: "Rename" }).click();
    await this.page.getByLabel("Thread title").fill(title);
    await this.page.getByRole("button", { name: "Save" }).click();
    await expect(this.heading()).toHaveText(title);
  }

  async inviteByEmail(email: string) {
    const members = await this.openMembers();
    await members.getByLabel("Email address to invite").fill(email);
    await members.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(members.getByRole("status")).toContainText(`Invitation for ${email} created.`);
  }

  async removeMember(name: string) {
    const members = await this.openMembers();
    this.page.once("dialog", (dialog) => void dialog.accept());
    await members.getByRole("button", { name: `Remove ${name}`, exact: true }).click();
    await expect(members.getByText(name)).toHaveCount(0);
  }

  async send(text: string) {
    await this.composer().fill(text);
    await this.composer().press("Enter");
    await expect(this.composer()).toHaveValue("");
  }

  /** Texts of the loaded messages, in the order shown. */
  async texts(): Promise<string[]> {
    return this.page.locator("[data-seq] .prose-message").allInnerTexts();
  }
}
