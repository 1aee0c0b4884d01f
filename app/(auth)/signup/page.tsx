import type { Metadata } from "next";
import { AuthPage } from "@/components/auth/auth-page";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  return <AuthPage mode="signup" title="Create your account" action={signUpAction} searchParams={searchParams} />;
}
