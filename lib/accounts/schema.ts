import { z } from "zod";
import { emailAddress as email } from "../mail/address";
import { text } from "../validation";

export { email };

const newPassword = z.string().min(8, "Use at least 8 characters.").max(200, "Use at most 200 characters.");

export const signUpInput = z.object({
  name: text().trim().min(1, "Enter your name.").max(80, "Keep your name under 80 characters."),
  email,
  password: newPassword,
});
export type SignUpInput = z.input<typeof signUpInput>;

export const signInInput = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200),
});
export type SignInInput = z.input<typeof signInInput>;

export const changePasswordInput = z.object({
  // Empty for an account that has no password yet (GitHub or Google only).
  currentPassword: z.string().max(200),
  newPassword,
});
export type ChangePasswordInput = z.input<typeof changePasswordInput>;
