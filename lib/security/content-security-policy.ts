import "server-only";
import { oauthProviderIds, type OAuthProviderId } from "../auth/oauth";

// Where "Continue with GitHub/Google" sends the browser: a form's redirect must be allowed too.
const SIGN_IN_ORIGINS: Record<OAuthProviderId, string> = { github: "https://github.com", google: "https://accounts.google.com" };

/** A fresh, unguessable nonce for one page response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The pages' Content-Security-Policy. Scripts come from the app only: its own files, and the
 * inline scripts Next writes into each page, which carry the per-response nonce. Styles likewise,
 * except `style` attributes (avatar sizes and colours, upload progress), which cannot carry one.
 * Images may come from anywhere on the web because assistant avatars are web addresses; uploads
 * are served from the app (/api/files) and previewed from blob: URLs. Development adds what Next's
 * dev server needs (eval for React's debugging, its websocket, injected styles).
 */
export function contentSecurityPolicy(nonce: string, { dev = process.env.NODE_ENV === "development" } = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", dev ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:", "https:", "http:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'", ...oauthProviderIds().map((id) => SIGN_IN_ORIGINS[id])],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
