import type { Metadata } from "next";
import { AuthPage, type AuthSearchParams } from "@/components/auth/auth-page";
import { signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage({ searchParams }: { searchParams: Promise<AuthSearchParams> }) {
  return <AuthPage mode="signin" title="Sign in to Roundtable" action={signInAction} searchParams={searchParams} />;
}
