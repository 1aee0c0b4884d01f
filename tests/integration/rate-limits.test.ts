import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TooManyRequestsError } from "../../lib/errors";
import { createRateLimits, type RateLimits } from "../../lib/ratelimit";
import type { RateLimitStore } from "../../lib/ratelimit/config";
import { databaseUrl, uniqueName, withAdmin } from "../support/postgres";

const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

async function redisSkipReason(): Promise<string> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return "";
  } catch (error) {
    return `Redis is not reachable at ${REDIS_URL} (${(error as Error).message})`;
  } finally {
    client.disconnect();
  }
}

const redisSkip = await redisSkipReason();

// Small limits, so that a test reaches them in a few calls.
const env = {
  RATE_LIMIT_SIGNIN_ACCOUNT: "3/600",
  RATE_LIMIT_SIGNUP: "2/3600",
  RATE_LIMIT_STREAMS: "2/3600",
  RATE_LIMIT_POST: "off",
};

async function refusal(promise: Promise<unknown>): Promise<TooManyRequestsError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TooManyRequestsError);
  return error as TooManyRequestsError;
}

function describeStore(kind: string, skipReason: string, makeStore: () => Promise<{ store: RateLimitStore; drop: () => Promise<void> }>) {
  describe.skipIf(Boolean(skipReason))(`rate limits on ${kind}${skipReason ? `, skipped: ${skipReason}` : ""}`, () => {
    let store: RateLimitStore;
    let drop = async () => {};
    const opened: RateLimits[] = [];
    const prefix = uniqueName("rl");
    // Two app instances sharing the store (for memory: one process, one instance).
    const instance = async () => {
      const limits = await createRateLimits({ env, store, prefix });
      opened.push(limits);
      return limits;
    };

    beforeAll(async () => {
      ({ store, drop } = await makeStore());
    });
    afterAll(async () => {
      await Promise.all(opened.map((limits) => limits.close()));
      await drop();
    });

    it("refuses past the limit with 429, when to retry and a plain message", async () => {
      const limits = await instance();
      await limits.enforce("signUp", "203.0.113.1");
      await limits.enforce("signUp", "203.0.113.1");
      const error = await refusal(limits.enforce("signUp", "203.0.113.1"));
      expect(error.status).toBe(429);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect(error.message).toMatch(/^Too many sign-ups from your network\. Try again in (\d+ minutes|1 hour)\.$/);
      // Another key has its own count; a limit set to "off" never refuses.
      await limits.enforce("signUp", "203.0.113.2");
      for (let i = 0; i < 20; i += 1) await limits.enforce("post", "someone");
    });

    it("locks an account after N failures: then even a success is refused until the window passes", async () => {
      const limits = await instance();
      const key = `locked-${prefix}@example.com`;
      const attempt = (right: boolean) => limits.limitFailures([["signInAccount", key], ["signInAddress", null]], async () => right);
      // Successes give their point back, so they never add up.
      for (let i = 0; i < 5; i += 1) await expect(attempt(true)).resolves.toBe(true);
      for (let i = 0; i < 3; i += 1) await expect(attempt(false)).resolves.toBe(false);
      const error = await refusal(attempt(true));
      expect(error.message).toMatch(/^Too many failed sign-in attempts for this account\. Try again in/);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    });

    it("holds open streams up to the limit and takes them back on close, once each", async () => {
      const limits = await instance();
      const first = await limits.hold("streams", "streamer");
      const second = await limits.hold("streams", "streamer");
      const error = await refusal(limits.hold("streams", "streamer"));
      expect(error.message).toMatch(/too many live connections/);
      await first();
      await first();
      const third = await limits.hold("streams", "streamer");
      await refusal(limits.hold("streams", "streamer"));
      await Promise.all([second(), third()]);
    });

    if (kind !== "memory") {
      it("shares counts between instances of the app", async () => {
        const [one, two] = [await instance(), await instance()];
        await one.enforce("signUp", "198.51.100.9");
        await two.enforce("signUp", "198.51.100.9");
        await refusal(one.enforce("signUp", "198.51.100.9"));
        const hold = await one.hold("streams", "shared-streamer");
        await two.hold("streams", "shared-streamer");
        await refusal(two.hold("streams", "shared-streamer"));
        await hold();
        await two.hold("streams", "shared-streamer");
      });
    }
  });
}

describeStore("memory", "", async () => ({ store: { kind: "memory" }, drop: async () => {} }));

describeStore("PostgreSQL", inject("postgresSkipReason"), async () => {
  const name = uniqueName("roundtable_ratelimit");
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  return {
    store: { kind: "postgres", url: databaseUrl(name) },
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
});

describeStore("Redis", redisSkip, async () => ({ store: { kind: "redis", url: REDIS_URL }, drop: async () => {} }));
