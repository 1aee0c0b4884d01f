import { expect, type Page } from "@playwright/test";

type Person = { name: string; email: string; password: string };

export class AuthPages {
  constructor(private readonly page: Page) {}

  /** Fills and sends the sign-up form, whatever its answer. */
  async submitSignUp({ name, email, password }: Person) {
    await this.page.goto("/signup");
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  /** Creates the account and signs in with it (sign-up itself never signs in: see the sign-up action). */
  async signUp(person: Person) {
    await this.submitSignUp(person);
    await expect(this.signedUpNotice()).toBeVisible();
    await this.fillSignIn(person);
  }

  signedUpNotice() {
    return this.page.getByRole("status").filter({ hasText: "Now sign in with your email and password" });
  }

  async signIn(person: { email: string; password: string }) {
    await this.page.goto("/signin");
    await this.fillSignIn(person);
  }

  /** Signs in on the sign-in page already open (keeping where it sends back to). */
  async fillSignIn({ email, password }: { email: string; password: string }) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** The form's own alert (Next's route announcer is an alert too). */
  formError() {
    return this.page.locator("form").getByRole("alert");
  }

  async openAccountMenu() {
    await this.page.getByRole("button", { name: "Account menu" }).first().click();
  }

  async signOut() {
    await this.openAccountMenu();
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/signin/);
  }
}
