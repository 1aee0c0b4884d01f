import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Webhook signatures, as Stripe and Svix make them: an HMAC-SHA256 of "<timestamp>.<body>", so
// that a receiver can check both who sent the body and that it is recent (not a replay).

export const SIGNATURE_HEADER = "roundtable-signature";
export const CALL_ID_HEADER = "roundtable-call-id";
const SECRET_PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64url");
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed by the secret>`. */
export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** What a receiver does (and our tests): the body is authentic and at most `toleranceSeconds` old. */
export function verifyWebhook(secret: string, body: string, header: string | null | undefined, { toleranceSeconds = 300, now = Date.now() } = {}): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
