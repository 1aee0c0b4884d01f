"use server";

import { signIn } from "@/lib/signin";
import { safeRedirectPath } from "@/lib/auth/redirect";

export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = formData.get("provider");
  if (provider !== "github" && provider !== "google") return;
  await signIn(provider, { redirectTo: safeRedirectPath(formData.get("from")) });
}
