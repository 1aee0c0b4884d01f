import { z } from "zod";
import { emailAddress as email } from "../mail/address";
import { text } from "../validation";

export { email };

export const signUpInput = z.object({
  name: text().trim().min(1, "Enter your name.").max(80, "Keep your name under 80 characters."),
  email,
  password: z
    .string()
    .min(8, "Use at least 8 characters.")
    .max(200, "Use at most 200 characters."),
});
export type SignUpInput = z.input<typeof signUpInput>;

export const signInInput = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200),
});
export type SignInInput = z.input<typeof signInInput>;
