import "server-only";
import { ForbiddenError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors";

/** Bodies of JSON endpoints are small; a message with its options fits well inside this. */
export const JSON_BODY_MAX_BYTES = 256 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request sent by another site's page: session cookies are SameSite=Lax,
 * which still sends them from any page of the same site (another port of the same host). Browsers
 * always say where a request comes from; clients that say nothing carry no browser's cookies.
 */
export function refuseCrossSite(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new ForbiddenError("Cross-site requests are refused.");
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" and other opaque origins are never ours.
  }
  if (!host || originHost !== host) throw new ForbiddenError("Cross-site requests are refused.");
}

/** Reads at most `maxBytes` of the body, refusing larger ones without reading them in full. */
export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new PayloadTooLargeError(`The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body of a request that must say it is JSON, read with a size cap. */
export async function readJsonBody(request: Request, maxBytes = JSON_BODY_MAX_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new UnsupportedMediaTypeError("Send the body as JSON, with Content-Type: application/json.");
  const text = await readCappedText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The body is not valid JSON.");
  }
}
