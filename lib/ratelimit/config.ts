import "server-only";
import type { Env } from "../config";

/** A limit: at most `points` in `seconds` per key (for `streams`: at most `points` held at once). */
export type LimitSetting = { points: number; seconds: number };

type LimitSpec = LimitSetting & {
  /** Environment variable that overrides it: `points/seconds`, or `off`. */
  env: string;
  /** What the person is told, before "Try again in …". */
  message: string;
};

export const LIMITS = {
  // Wrong passwords for one email, whether or not it has an account (so a lockout reveals nothing).
  signInAccount: { env: "RATE_LIMIT_SIGNIN_ACCOUNT", points: 5, seconds: 900, message: "Too many failed sign-in attempts for this account." },
  signInAddress: { env: "RATE_LIMIT_SIGNIN_ADDRESS", points: 30, seconds: 900, message: "Too many failed sign-in attempts from your network." },
  // Sign-ups that would create an account (valid, and let in by the sign-up policy).
  signUp: { env: "RATE_LIMIT_SIGNUP", points: 20, seconds: 3600, message: "Too many sign-ups from your network." },
  post: { env: "RATE_LIMIT_POST", points: 60, seconds: 60, message: "You are posting too fast." },
  runStart: { env: "RATE_LIMIT_RUNS", points: 30, seconds: 600, message: "You have started too many assistant runs." },
  upload: { env: "RATE_LIMIT_UPLOADS", points: 30, seconds: 300, message: "You have uploaded too many files." },
  // A concurrency limit: `seconds` is how long an open stream's hold lasts at most, so that holds
  // of an instance that died are freed.
  streams: { env: "RATE_LIMIT_STREAMS", points: 20, seconds: 3600, message: "You have too many live connections open. Close a tab or two." },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof LIMITS;
export const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

/** The limit's setting from its environment variable (`20/60`, or `off` for none), else its default. */
export function limitSetting(name: LimitName, env: Env = process.env): LimitSetting | null {
  const spec = LIMITS[name];
  const raw = env[spec.env]?.trim();
  if (!raw) return { points: spec.points, seconds: spec.seconds };
  if (raw === "off") return null;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (match && points > 0 && seconds > 0) return { points, seconds };
  console.warn(`${spec.env}="${raw}" is not "points/seconds" or "off"; using ${spec.points}/${spec.seconds}.`);
  return { points: spec.points, seconds: spec.seconds };
}

export type RateLimitStore = { kind: "memory" } | { kind: "postgres"; url: string } | { kind: "redis"; url: string };

/** Redis when REDIS_URL is set, else PostgreSQL when DATABASE_URL names one, else this process's memory. */
export function rateLimitStore(env: Env = process.env): RateLimitStore {
  if (env.REDIS_URL) return { kind: "redis", url: env.REDIS_URL };
  if (env.DATABASE_URL && /^postgres(ql)?:\/\//.test(env.DATABASE_URL)) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "memory" };
}

/** TRUST_PROXY: how many proxies in front of the app append to X-Forwarded-For (`true` = 1). */
export function trustedProxies(env: Env = process.env): number {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (!raw || raw === "false" || raw === "no") return 0;
  if (raw === "true" || raw === "yes") return 1;
  const hops = Number(raw);
  return Number.isInteger(hops) && hops > 0 ? hops : 0;
}

/**
 * The client's address, or null when it cannot be known. Next.js gives a route no socket address;
 * it only fills X-Forwarded-For with it when the request has none, so without a trusted proxy the
 * header is whatever the client sent. With TRUST_PROXY=n, the address is the one the outermost of
 * the n proxies saw: the n-th entry from the right (entries further left are the client's own).
 */
export function clientAddress(headers: Headers, env: Env = process.env): string | null {
  const hops = trustedProxies(env);
  if (!hops) return null;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[Math.max(0, chain.length - hops)] ?? null;
}

/** "Try again in …", rounded up to what a person reads. */
export function tryAgainIn(seconds: number): string {
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  const hours = Math.ceil(minutes / 60);
  return `Try again in ${hours} hour${hours === 1 ? "" : "s"}.`;
}
