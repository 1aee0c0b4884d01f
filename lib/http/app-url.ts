import "server-only";
import { headers } from "next/headers";

/**
 * The app's address for links that leave the browser (mails): APP_URL when set (behind a proxy,
 * or to pin it), else the origin this request came from; Next checks a server action's Origin
 * against its Host, so another site cannot choose it.
 */
export async function appUrl(): Promise<string> {
  const configured = process.env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const request = await headers();
  const origin = request.get("origin");
  if (origin && origin !== "null") return origin;
  const host = request.get("x-forwarded-host") ?? request.get("host") ?? "localhost";
  return `${request.get("x-forwarded-proto") ?? "http"}://${host}`;
}
