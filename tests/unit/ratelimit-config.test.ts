import { describe, expect, it, vi } from "vitest";
import { clientAddress, limitSetting, rateLimitStore, trustedProxies, tryAgainIn } from "../../lib/ratelimit/config";

const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });

describe("rate limit configuration", () => {
  it("reads points/seconds or off from each limit's variable, else its default", () => {
    expect(limitSetting("signInAccount", {})).toEqual({ points: 5, seconds: 900 });
    expect(limitSetting("post", { RATE_LIMIT_POST: "100/30" })).toEqual({ points: 100, seconds: 30 });
    expect(limitSetting("post", { RATE_LIMIT_POST: " 7 / 60 " })).toEqual({ points: 7, seconds: 60 });
    expect(limitSetting("streams", { RATE_LIMIT_STREAMS: "off" })).toBeNull();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(limitSetting("upload", { RATE_LIMIT_UPLOADS: "lots" })).toEqual({ points: 30, seconds: 300 });
    expect(limitSetting("upload", { RATE_LIMIT_UPLOADS: "0/60" })).toEqual({ points: 30, seconds: 300 });
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it("keeps counts in Redis, else in PostgreSQL, else in memory", () => {
    expect(rateLimitStore({})).toEqual({ kind: "memory" });
    expect(rateLimitStore({ DATABASE_URL: "postgresql://db/app" })).toEqual({ kind: "postgres", url: "postgresql://db/app" });
    expect(rateLimitStore({ DATABASE_URL: "postgresql://db/app", REDIS_URL: "redis://cache:6379" })).toEqual({ kind: "redis", url: "redis://cache:6379" });
  });

  it("trusts X-Forwarded-For only behind the configured proxies", () => {
    // Without a trusted proxy the header is whatever the client sent.
    expect(clientAddress(forwarded("203.0.113.5"), {})).toBeNull();
    expect(clientAddress(forwarded("203.0.113.5"), { TRUST_PROXY: "false" })).toBeNull();
    // One proxy appends the address it saw: anything to its left is the client's own claim.
    expect(clientAddress(forwarded("6.6.6.6, 203.0.113.5"), { TRUST_PROXY: "true" })).toBe("203.0.113.5");
    expect(clientAddress(forwarded("6.6.6.6, 203.0.113.5, 10.0.0.2"), { TRUST_PROXY: "2" })).toBe("203.0.113.5");
    // Reached without the proxy: Next.js fills the header with the socket's address.
    expect(clientAddress(forwarded("192.0.2.1"), { TRUST_PROXY: "2" })).toBe("192.0.2.1");
    expect(clientAddress(new Headers(), { TRUST_PROXY: "1" })).toBeNull();
    expect(trustedProxies({ TRUST_PROXY: "yes" })).toBe(1);
    expect(trustedProxies({ TRUST_PROXY: "-3" })).toBe(0);
  });

  it("says when to try again in words a person reads", () => {
    expect(tryAgainIn(1)).toBe("Try again in 1 second.");
    expect(tryAgainIn(45)).toBe("Try again in 45 seconds.");
    expect(tryAgainIn(61)).toBe("Try again in 2 minutes.");
    expect(tryAgainIn(900)).toBe("Try again in 15 minutes.");
    expect(tryAgainIn(3600)).toBe("Try again in 1 hour.");
  });
});
