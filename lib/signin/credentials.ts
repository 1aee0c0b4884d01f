import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { CredentialsSignin } from "next-auth";
import { AccountDisabledError, authenticate, type AccountUser } from "../accounts";
import type { PrismaClient } from "../db";
import { TooManyRequestsError } from "../errors";
import { clientAddress } from "../ratelimit";

/** A refused sign-in that the form explains (a wrong password stays Auth.js's plain CredentialsSignin). */
export class SignInRefused extends CredentialsSignin {
  constructor(readonly reason: TooManyRequestsError | AccountDisabledError) {
    super(reason.message);
    this.code = reason instanceof TooManyRequestsError ? "rate_limited" : "account_disabled";
  }
}

// Auth.js turns any sign-in error on its HTTP route into a redirect; this carries a rate-limit
// refusal out to the route, which answers 429 with Retry-After instead.
const routeRefusals = new AsyncLocalStorage<{ refusal?: TooManyRequestsError }>();

/** Auth.js's `authorize` for email and password. */
export async function authorizeCredentials(prisma: PrismaClient, credentials: Partial<Record<string, unknown>>, request: Request): Promise<AccountUser | null> {
  const email = typeof credentials.email === "string" ? credentials.email : "";
  const password = typeof credentials.password === "string" ? credentials.password : "";
  try {
    return await authenticate(prisma, { email, password, address: clientAddress(request.headers) });
  } catch (error) {
    if (error instanceof TooManyRequestsError) {
      const scope = routeRefusals.getStore();
      if (scope) scope.refusal = error;
      throw new SignInRefused(error);
    }
    if (error instanceof AccountDisabledError) throw new SignInRefused(error);
    throw error;
  }
}

/** Runs an Auth.js route request; a rate-limited credentials sign-in becomes a 429 with Retry-After. */
export async function answerRateLimitedSignIn(handle: () => Promise<Response>): Promise<Response> {
  const scope: { refusal?: TooManyRequestsError } = {};
  const response = await routeRefusals.run(scope, handle);
  if (!scope.refusal) return response;
  await response.body?.cancel();
  return Response.json({ error: scope.refusal.message }, { status: 429, headers: { "Retry-After": String(scope.refusal.retryAfterSeconds) } });
}
