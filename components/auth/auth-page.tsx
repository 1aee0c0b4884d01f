import { redirect } from "next/navigation";
import type { AuthFormState } from "@/app/(auth)/actions";
import { oauthProviderIds } from "@/lib/auth/oauth";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { AuthForm } from "./auth-form";
import { OAuthButtons } from "./oauth-buttons";

export async function AuthPage({
  mode,
  title,
  action,
  searchParams,
}: {
  mode: "signin" | "signup";
  title: string;
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  searchParams: Promise<{ from?: string }>;
}) {
  const from = safeRedirectPath((await searchParams).from);
  if (await currentUser()) redirect(from);
  return (
    <>
      <h1 className="text-xl font-semibold">{title}</h1>
      <OAuthButtons providers={oauthProviderIds()} from={from} />
      <AuthForm mode={mode} action={action} from={from === "/" ? undefined : from} />
    </>
  );
}
