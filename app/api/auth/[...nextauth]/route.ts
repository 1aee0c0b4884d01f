import type { NextRequest } from "next/server";
import { handlers } from "@/lib/signin";
import { answerRateLimitedSignIn } from "@/lib/signin/credentials";

export const { GET } = handlers;

/** Auth.js's own; a credentials sign-in refused by the rate limits is answered 429 with Retry-After. */
export function POST(request: NextRequest): Promise<Response> {
  return answerRateLimitedSignIn(() => handlers.POST(request));
}
