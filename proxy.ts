import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/lib/auth";

// Sends signed-out visitors to sign in and back to where they were going. A convenience only:
// every page, action and route checks the session itself.
const redirectSignedOut = auth((request) => {
  if (request.auth?.user) return NextResponse.next();
  const target = new URL("/signin", request.nextUrl);
  const from = request.nextUrl.pathname + request.nextUrl.search;
  if (from !== "/") target.searchParams.set("from", from);
  return NextResponse.redirect(target);
});

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  // With a lazily initialised config, next-auth hands the wrapper back as a promise.
  const handler = await redirectSignedOut;
  return handler(request, event as never);
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon\\.svg|signin|signup).*)"],
};
