import Link from "next/link";
import { redirect } from "next/navigation";
import type { AuthFormState } from "@/app/(auth)/actions";
import { SIGN_UP_CLOSED, SIGN_UP_INVITE_ONLY, signInRefusalMessage, signUpPolicyInForce } from "@/lib/accounts";
import { oauthProviderIds } from "@/lib/auth/oauth";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { AuthForm } from "./auth-form";
import { OAuthButtons } from "./oauth-buttons";

export type AuthSearchParams = { from?: string; signedUp?: string; error?: string };

const notice = "rounded-md border px-3 py-2 text-sm";
const alertStyle = `${notice} border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200`;
const infoStyle = `${notice} border-indigo-200 bg-indigo-50 text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-100`;

export async function AuthPage({
  mode,
  title,
  action,
  searchParams,
}: {
  mode: "signin" | "signup";
  title: string;
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  searchParams: Promise<AuthSearchParams>;
}) {
  const params = await searchParams;
  const from = safeRedirectPath(params.from);
  if (await currentUser()) redirect(from);
  const policy = mode === "signup" ? await signUpPolicyInForce(await db()) : "open";
  const refusal = mode === "signin" ? signInRefusalMessage(params.error) : null;
  const formFrom = from === "/" ? undefined : from;
  return (
    <>
      <h1 className="text-xl font-semibold">{title}</h1>
      {mode === "signin" && params.signedUp ? (
        <p role="status" className={infoStyle}>
          Thanks! Now sign in with your email and password to continue.
        </p>
      ) : null}
      {refusal ? (
        <p role="alert" className={alertStyle}>
          {refusal}
        </p>
      ) : null}
      {policy === "closed" ? (
        <>
          <p role="alert" className={alertStyle}>
            {SIGN_UP_CLOSED}
          </p>
          <p className="text-center text-sm">
            <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={formFrom ? `/signin?from=${encodeURIComponent(formFrom)}` : "/signin"}>
              Sign in
            </Link>
          </p>
        </>
      ) : (
        <>
          {policy === "invite" ? <p className={infoStyle}>{SIGN_UP_INVITE_ONLY}</p> : null}
          <OAuthButtons providers={oauthProviderIds()} from={from} />
          <AuthForm mode={mode} action={action} from={formFrom} />
        </>
      )}
    </>
  );
}
