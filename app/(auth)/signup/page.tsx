import type { Metadata } from "next";
import { AuthPage, type AuthSearchParams } from "@/components/auth/auth-page";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage({ searchParams }: { searchParams: Promise<AuthSearchParams> }) {
  return <AuthPage mode="signup" title="Create your account" action={signUpAction} searchParams={searchParams} />;
}
