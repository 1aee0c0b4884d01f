import { NextResponse } from "next/server";
import { auth } from "@/lib/signin";
import { contentSecurityPolicy, createNonce } from "@/lib/security/content-security-policy";

const PUBLIC_PAGES = /^\/(signin|signup)(\/|$)/;

// Every page: its Content-Security-Policy with a fresh nonce, which Next reads from the request's
// header and puts on the scripts it writes (https://nextjs.org/docs/app/guides/content-security-policy).
// Signed-out visitors are sent to sign in and back to where they were going: a convenience only,
// every page, action and route checks the session itself.
const pages = auth((request) => {
  if (!request.auth?.user && !PUBLIC_PAGES.test(request.nextUrl.pathname)) {
    const target = new URL("/signin", request.nextUrl);
    const from = request.nextUrl.pathname + request.nextUrl.search;
    if (from !== "/") target.searchParams.set("from", from);
    return NextResponse.redirect(target);
  }
  const policy = contentSecurityPolicy(createNonce());
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
});

export async function proxy(...args: Parameters<Awaited<typeof pages>>) {
  // With a lazily initialised config, next-auth hands the wrapper back as a promise.
  const handler = await pages;
  return handler(...args);
}

export const config = {
  // Pages only: route handlers answer JSON, streams and files, and Next's own files are static.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.svg).*)"],
};
