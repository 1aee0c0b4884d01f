import { expect, type Page } from "@playwright/test";

export class AuthPages {
  constructor(private readonly page: Page) {}

  async signUp({ name, email, password }: { name: string; email: string; password: string }) {
    await this.page.goto("/signup");
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async signIn({ email, password }: { email: string; password: string }) {
    await this.page.goto("/signin");
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** The form's own alert (Next's route announcer is an alert too). */
  formError() {
    return this.page.locator("form").getByRole("alert");
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Account menu" }).first().click();
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/signin/);
  }
}
